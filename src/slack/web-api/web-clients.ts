import { webApi } from '@slack/bolt';
import { Logger } from '../../logging/logger';
import { boltLevel, boltLogger } from '../app/bolt-logger';

export interface WebClients {
  /** For answers to people: a few quick retries, not the default half hour. */
  interactive: webApi.WebClient;
  /** For the outbox, which keeps its own retry schedule: no retries, 429s rejected at once. */
  outbox: webApi.WebClient;
}

export function createWebClients(settings: { botToken: string; apiUrl?: string; logLevel: 'debug' | 'info' | 'warn' | 'error' }, logger: Logger): WebClients {
  const client = (options: webApi.WebClientOptions): webApi.WebClient =>
    new webApi.WebClient(settings.botToken, {
      ...(settings.apiUrl ? { slackApiUrl: settings.apiUrl } : {}),
      logger: boltLogger(logger, boltLevel(settings.logLevel)),
      ...options,
    });
  return {
    interactive: client({ retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 5_000 } }),
    outbox: client({ retryConfig: { retries: 0 }, rejectRateLimitedCalls: true }),
  };
}
