import { Config } from './config/env';
import { Logger } from './logging/logger';
import { NebulaClient, NebulaClientOptions } from './nebula/client';
import { NebulaJobsGateway } from './nebula/nebula-jobs-gateway';
import { createSlackApp, HealthReport } from './slack/app';
import { ChannelSettings } from './store/channel-settings';
import { openDatabase } from './store/database';

export interface BotOptions {
  logger: Logger;
  now?: () => Date;
  /** Bind address for HTTP; all interfaces unless set. */
  host?: string;
  /** Tuning of the NebulaGraph client (tests shorten its waits). */
  nebula?: Partial<Pick<NebulaClientOptions, 'reconnectGraceMs' | 'retryDelayMs' | 'maxRetryDelayMs' | 'poolSize'>>;
}

export interface RunningBot {
  /** The HTTP port bound (events in HTTP mode, /healthz in both). */
  port: number;
  nebula: NebulaClient;
  stop(): Promise<void>;
}

/** The composition root: store → NebulaGraph → Slack, in that order, torn down in reverse. */
export async function startBot(config: Config, options: BotOptions): Promise<RunningBot> {
  const { logger } = options;
  const now = options.now ?? (() => new Date());
  const db = openDatabase(config.databasePath);
  const nebula = new NebulaClient({
    ...config.nebula,
    preferredHomeSpace: config.defaultSpace,
    logger: logger.child({ component: 'nebula' }),
    now,
    ...options.nebula,
  });
  // Not awaited: the bot answers in Slack even while NebulaGraph is down, and says so.
  void nebula.start();
  const slack = createSlackApp(
    { ...config.slack, host: options.host, logLevel: config.logLevel },
    {
      gateway: new NebulaJobsGateway(nebula),
      channels: new ChannelSettings(db),
      now,
      logger: logger.child({ component: 'slack' }),
      command: config.slack.command,
      defaultSpace: config.defaultSpace,
    },
    (): HealthReport => ({
      healthy: true,
      body: { status: 'ok', slack: { mode: slack.mode, connected: slack.mode === 'http' || slack.socketConnected() }, nebula: nebula.health() },
    }),
    logger,
  );
  let port: number;
  try {
    port = await slack.start();
  } catch (error) {
    await nebula.close();
    db.close();
    throw error;
  }
  logger.info('bot.started', { mode: slack.mode, port, command: config.slack.command });
  return {
    port,
    nebula,
    async stop() {
      await slack.stop();
      await nebula.close();
      db.close();
      logger.info('bot.stopped');
    },
  };
}
