import { randomBytes } from 'node:crypto';
import { type Config, type ConfigResult, loadConfig } from '../config/env';
import { DEMO_SPACES } from '../demo/simulated-cluster';

/** The playground's defaults: its own database, quick polls, quiet logs so the URL line stands out. */
const DEFAULTS: Record<string, string> = {
  DATABASE_PATH: './data/playground.db',
  POLL_SCHEDULE: '*/2 * * * * *',
  LOG_LEVEL: 'warn',
  DEFAULT_SPACE: DEMO_SPACES[0],
};

/** Slack settings come from the playground itself: whatever the environment says about Slack is set aside. */
const SLACK_SETTINGS = ['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_API_URL'];

/**
 * The bot's configuration in the playground, checked like the bot's own: PORT is where the page
 * is served (the bot itself listens on a free loopback port); the bot token and signing secret
 * are made up for this run and known only to the bot and the stand-in.
 */
export function playgroundConfig(environment: NodeJS.ProcessEnv): ConfigResult {
  const given = Object.fromEntries(Object.entries(environment).filter(([name, value]) => !SLACK_SETTINGS.includes(name) && (value ?? '').trim() !== ''));
  return loadConfig({
    ...DEFAULTS,
    ...given,
    SLACK_BOT_TOKEN: `xoxb-playground-${randomBytes(12).toString('hex')}`,
    SLACK_SIGNING_SECRET: randomBytes(24).toString('hex'),
  });
}

/** Roughly how often the poller runs, from a `*\/N` seconds schedule; a minute otherwise. */
export function pollIntervalMs(config: Config): number {
  const schedule = config.pollSchedule.trim();
  const every = /^\*\/(\d+) /.exec(schedule);
  if (every) return Number(every[1]) * 1000;
  return /^\* /.test(schedule) ? 1000 : 60_000;
}
