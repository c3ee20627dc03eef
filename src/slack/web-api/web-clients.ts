import { webApi } from '@slack/bolt';
import type { Logger } from '../../logging/logger';
import { boltLevel, boltLogger } from '../app/bolt-logger';

export interface WebClients {
  /** For answers to people: a few quick retries, not the default half hour. */
  interactive: webApi.WebClient;
  /** For the outbox, which keeps its own retry schedule: no retries, 429s rejected at once. */
  outbox: webApi.WebClient;
}

/**
 * How long one call may wait for Slack's answer. Without a limit a hung request waits for fetch's
 * own (about 5 min) and holds its channel's outbox meanwhile; a person waits less patiently still.
 */
export const OUTBOX_TIMEOUT_MS = 10_000;
export const INTERACTIVE_TIMEOUT_MS = 15_000;

export interface WebClientSettings {
  botToken: string;
  apiUrl?: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Tests shorten the outbox's timeout. */
  outboxTimeoutMs?: number;
  /** The transport (metrics count its requests); global fetch unless set. */
  fetch?: webApi.WebClientOptions['fetch'];
}

export function createWebClients(settings: WebClientSettings, logger: Logger): WebClients {
  const client = (options: webApi.WebClientOptions): webApi.WebClient =>
    new webApi.WebClient(settings.botToken, {
      ...(settings.apiUrl ? { slackApiUrl: settings.apiUrl } : {}),
      ...(settings.fetch ? { fetch: settings.fetch } : {}),
      logger: boltLogger(logger, boltLevel(settings.logLevel)),
      ...options,
    });
  return {
    interactive: client({ timeout: INTERACTIVE_TIMEOUT_MS, retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 5_000 } }),
    outbox: client({ timeout: settings.outboxTimeoutMs ?? OUTBOX_TIMEOUT_MS, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true }),
  };
}
