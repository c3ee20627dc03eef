import { Policy } from './access/policy';
import { BotOptions, RunningBot, startBot } from './bot';
import { loadConfig } from './config/env';
import { loadPolicy } from './config/policy-file';
import { createLogger, Logger } from './logging/logger';

export interface ProcessOptions {
  /** The policy when ACCESS_FILE is not set (the demo lets everyone try everything). */
  fallbackPolicy?: Policy;
  /** Replaces NebulaGraph, with a banner explaining so. */
  cluster?: (logger: Logger) => NonNullable<BotOptions['cluster']>;
}

function fail(lines: string[]): never {
  for (const line of lines) process.stderr.write(`config: ${line}\n`);
  process.exit(1);
}

/**
 * Runs the bot as a process: configuration problems are printed one per line with exit code 1;
 * SIGTERM and SIGINT stop it cleanly with exit code 0.
 */
export async function runBotProcess(environment: NodeJS.ProcessEnv, options: ProcessOptions = {}): Promise<void> {
  const loaded = loadConfig(environment);
  if (!loaded.ok) fail(loaded.problems);
  const { config } = loaded;
  const policy = config.accessFile || !options.fallbackPolicy ? loadPolicy(config.accessFile) : { ok: true as const, policy: options.fallbackPolicy };
  if (!policy.ok) fail(policy.problems);
  const logger = createLogger({
    level: config.logLevel,
    secrets: [config.slack.botToken, config.slack.signingSecret ?? '', config.slack.appToken ?? '', config.nebula.password],
  });
  // Handlers first: a signal during start-up must stop the bot cleanly too, not kill it mid-way.
  let signalled: string | null = null;
  let onSignal = (signal: string): void => {
    signalled ??= signal;
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));
  // SIGHUP re-reads ACCESS_FILE (and would otherwise end the process).
  let onReload = (): void => logger.info('policy.reload_skipped', { reason: 'the bot is still starting' });
  process.on('SIGHUP', () => onReload());
  process.on('unhandledRejection', (error) => logger.error('unhandled rejection', { error }));
  let bot: RunningBot;
  try {
    bot = await startBot(config, { logger, policy: policy.policy, cluster: options.cluster?.(logger) });
  } catch (error) {
    logger.error('bot.start_failed', { error });
    process.stderr.write(`The bot could not start: ${(error as Error).message}\n`);
    process.exit(1);
  }
  onReload = () => void bot.reloadPolicy();
  let stopping = false;
  onSignal = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info('bot.stopping', { signal });
    // The NebulaGraph client can keep timers alive after close(): exit once stopped, whatever is left.
    const force = setTimeout(() => process.exit(0), 10_000);
    force.unref();
    void bot.stop().finally(() => process.exit(0));
  };
  if (signalled) onSignal(signalled);
}
