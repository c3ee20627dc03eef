import type { Policy } from './access/policy';
import { type BotOptions, type RunningBot, startBot } from './bot';
import { loadConfig } from './config/env';
import { loadPolicy } from './config/policy-file';
import { createLogger, type Logger } from './logging/logger';
import { type SlackSetting, SlackStartError } from './slack/app/start-failure';
import { DatabaseFileError } from './store/database';

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

const SLACK_VARIABLES: Record<SlackSetting, string> = {
  botToken: 'SLACK_BOT_TOKEN',
  appToken: 'SLACK_APP_TOKEN',
  apiUrl: 'SLACK_API_URL',
  port: 'PORT',
};

/** A start-up failure as one line: `config: VARIABLE: …` when a setting is to blame, else `start: …`; null when unforeseen. */
function startProblem(error: unknown): string | null {
  if (error instanceof DatabaseFileError) return `config: DATABASE_PATH: ${error.path}: ${error.message}`;
  if (error instanceof SlackStartError) return error.setting ? `config: ${SLACK_VARIABLES[error.setting]}: ${error.message}` : `start: ${error.message}`;
  return null;
}

/**
 * Runs the bot as a process. Configuration problems, and settings that turn out not to work at
 * start-up (a database path it cannot use, a port in use, a token Slack rejects, a Slack it
 * cannot reach), are printed one line each on stderr with exit code 1. SIGTERM and SIGINT stop
 * it with exit code 0: cleanly once started, at once while still starting (nothing is in flight).
 */
export async function runBotProcess(environment: NodeJS.ProcessEnv, options: ProcessOptions = {}): Promise<void> {
  const loaded = loadConfig(environment);
  if (!loaded.ok) fail(loaded.problems);
  const { config } = loaded;
  const policy = config.accessFile || !options.fallbackPolicy ? loadPolicy(config.accessFile) : { ok: true as const, policy: options.fallbackPolicy };
  if (!policy.ok) fail(policy.problems);
  const logger = createLogger({
    level: config.logLevel,
    secrets: [config.slack.botToken, config.slack.signingSecret ?? '', config.slack.appToken ?? '', ...config.clusters.map((cluster) => cluster.password)],
  });
  // Handlers first. Start-up can wait a long time on Slack (retries, a silent proxy); a signal
  // then exits at once: no poll has run and no message is in flight, and SQLite is crash-safe.
  let onSignal = (signal: string): void => {
    logger.info('bot.stopping', { signal, during: 'start-up' });
    process.exit(0);
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));
  // SIGHUP re-reads ACCESS_FILE (and would otherwise end the process).
  let onReload = (): void => logger.info('policy.reload_skipped', { reason: 'the bot is still starting' });
  process.on('SIGHUP', () => onReload());
  process.on('unhandledRejection', (error) => logger.error('unhandled rejection', { error }));
  let bot: RunningBot;
  try {
    bot = await startBot(config, { logger, policy: policy.policy, cluster: options.cluster?.(logger), lowerAnswerPriority: true });
  } catch (error) {
    const problem = startProblem(error);
    // A foreseen problem needs no stack; an unforeseen one keeps it in the log for a bug report.
    logger.error('bot.start_failed', problem ? { problem } : { error });
    process.stderr.write(`${problem ?? `start: ${(error as Error).message ?? String(error)}`}\n`);
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
}
