import { startBot } from './bot';
import { loadConfig } from './config/env';
import { loadPolicy } from './config/policy';
import { createLogger } from './logging/logger';

/** Entry point: read the environment, start, and stop cleanly on SIGTERM / SIGINT. */
async function main(): Promise<void> {
  const loaded = loadConfig(process.env);
  if (!loaded.ok) {
    for (const problem of loaded.problems) process.stderr.write(`config: ${problem}\n`);
    process.exit(1);
  }
  const { config } = loaded;
  const policy = loadPolicy(config.accessFile);
  if (!policy.ok) {
    for (const problem of policy.problems) process.stderr.write(`config: ${problem}\n`);
    process.exit(1);
  }
  const logger = createLogger({
    level: config.logLevel,
    secrets: [config.slack.botToken, config.slack.signingSecret ?? '', config.slack.appToken ?? '', config.nebula.password],
  });
  let bot;
  try {
    bot = await startBot(config, { logger, policy: policy.policy });
  } catch (error) {
    logger.error('bot.start_failed', { error });
    process.stderr.write(`The bot could not start: ${(error as Error).message}\n`);
    process.exit(1);
  }
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info('bot.stopping', { signal });
    // The NebulaGraph client can keep timers alive after close(): exit once stopped, whatever is left.
    const force = setTimeout(() => process.exit(0), 10_000);
    force.unref();
    void bot.stop().finally(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('unhandledRejection', (error) => logger.error('unhandled rejection', { error }));
}

void main();
