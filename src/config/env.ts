import { z } from 'zod';
import { relativeRangeMs } from '../jobs/job-query';
import { DEFAULT_STUCK_SETTINGS, parseStuckAfter, type StuckSettings } from '../jobs/stuck-rule';
import { isValidSchedule } from '../scheduling/scheduled-task';
import { isSpaceName } from '../spaces/space-name';

/**
 * The environment contract. Names and defaults are relied on by deployments: add, never rename.
 * Each variable's rule carries its own plain-words message and example, so a bad setting is
 * reported as one line that says how to fix it, never echoing a secret.
 */

import { type ClusterConfig, defaultCluster, JOB_EXPIRY_SECONDS, loadClusters } from './clusters-file';
import { type NebulaServer, parseServers } from './servers';

export type { NebulaServer };

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value && value.trim() !== '' ? value.trim() : undefined));

function integer(min: number, max: number, fallback: number, message: string) {
  return optionalText.pipe(
    z
      .string()
      .regex(/^[0-9]+$/, message)
      .transform(Number)
      .refine((n) => n >= min && n <= max, message)
      .optional()
      .transform((n) => n ?? fallback),
  );
}

const schema = z.object({
  SLACK_BOT_TOKEN: optionalText.pipe(
    z
      .string({ message: 'required: the bot token from your Slack app (OAuth & Permissions), e.g. xoxb-1234-5678-abcd' })
      .regex(/^xoxb-[A-Za-z0-9-]+$/, 'must be a bot token starting with xoxb-, e.g. xoxb-1234-5678-abcd'),
  ),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText.pipe(
    z
      .string()
      .regex(/^xapp-[A-Za-z0-9-]+$/, 'must be an app-level token starting with xapp-, e.g. xapp-1-A123-456-abcd')
      .optional(),
  ),
  SLACK_API_URL: optionalText.pipe(z.url({ protocol: /^https?$/, message: 'must be an http(s) URL, e.g. https://slack.com/api/' }).optional()),
  PORT: integer(0, 65535, 3000, 'must be a port number from 1 to 65535 (0 picks a free one), e.g. 3000'),
  SLASH_COMMAND: optionalText.pipe(
    z
      .string()
      .regex(/^\/[a-z0-9_-]{1,31}$/, 'must be a slash command like /nebula-jobs (lower case, at most 32 characters)')
      .default('/nebula-jobs'),
  ),
  NEBULA_SERVERS: optionalText.pipe(
    z
      .string()
      .default('127.0.0.1:9669')
      .transform((text, ctx) => {
        const servers = parseServers(text);
        if (!servers) ctx.addIssue({ code: 'custom', message: 'must be host:port pairs separated by commas, e.g. graphd1:9669,graphd2:9669' });
        return servers ?? [];
      }),
  ),
  NEBULA_USER: optionalText.pipe(z.string().default('root')),
  NEBULA_PASSWORD: z
    .string()
    .optional()
    .transform((value) => value ?? 'nebula'),
  NEBULA_TIMEOUT_MS: integer(100, 600_000, 15_000, 'must be milliseconds from 100 to 600000, e.g. 15000'),
  NEBULA_JOB_EXPIRY_SECONDS: integer(JOB_EXPIRY_SECONDS.min, JOB_EXPIRY_SECONDS.max, 604_800, JOB_EXPIRY_SECONDS.problem),
  DATABASE_PATH: optionalText.pipe(z.string().default('./data/nebula-jobs.db')),
  DEFAULT_SPACE: optionalText.pipe(z.string().refine(isSpaceName, 'must be a graph space name, e.g. nba (or prod/nba with CLUSTERS_FILE)').optional()),
  CLUSTERS_FILE: optionalText,
  ACCESS_FILE: optionalText,
  POLL_SCHEDULE: optionalText.pipe(z.string().refine(isValidSchedule, 'must be a cron expression with seconds, e.g. "*/30 * * * * *" (every 30 s)').default('*/30 * * * * *')),
  POLL_LEASE_SECONDS: integer(3, 3600, 20, 'must be seconds from 3 to 3600, e.g. 20'),
  SLACK_ALLOWED_TEAMS: optionalText.pipe(
    z
      .string()
      .transform((text) =>
        text
          .split(',')
          .map((id) => id.trim())
          .filter(Boolean),
      )
      .refine((ids) => ids.every((id) => /^[TE][A-Z0-9]+$/.test(id)), 'must be Slack team ids (T…) or org ids (E…) separated by commas, e.g. T0123ABC,E0456DEF')
      .optional(),
  ),
  STUCK_AFTER: optionalText.pipe(
    z
      .string()
      .transform((text, ctx) => {
        const parsed = parseStuckAfter(text);
        if (!parsed.ok)
          ctx.addIssue({ code: 'custom', message: 'must be KIND=duration pairs separated by commas, e.g. COMPACT=6h,STATS=30m,*=2h (m, h, d or w; off never alerts that kind)' });
        return parsed.ok ? parsed : null;
      })
      .optional(),
  ),
  STUCK_QUEUE_AFTER: optionalText.pipe(
    z
      .string()
      .transform((text, ctx) => {
        const ms = relativeRangeMs(text.toLowerCase());
        if (ms === null) ctx.addIssue({ code: 'custom', message: 'must be a duration in m, h, d or w, e.g. 30m' });
        return ms ?? 0;
      })
      .optional(),
  ),
  AUDIT_RETENTION_DAYS: integer(0, 36_500, 365, 'must be a number of days from 0 (keep forever) to 36500, e.g. 365'),
  ANSWER_NICE: integer(0, 19, 10, 'must be a nice increment from 0 (off) to 19, e.g. 10'),
  METRICS_SPACE_LABELS: optionalText.pipe(
    z
      .enum(['true', 'false'], { message: 'must be true or false' })
      .optional()
      .transform((value) => value === 'true'),
  ),
  LOG_LEVEL: optionalText.pipe(z.enum(['debug', 'info', 'warn', 'error'], { message: 'must be one of debug, info, warn, error' }).default('info')),
});

type Env = z.output<typeof schema>;

export interface Config {
  slack: {
    botToken: string;
    signingSecret?: string;
    appToken?: string;
    apiUrl?: string;
    port: number;
    command: string;
    /** Teams or orgs served besides the token's own workspace (SLACK_ALLOWED_TEAMS). */
    allowedTeams?: string[];
  };
  /** The clusters served: CLUSTERS_FILE, else one named `default` from the NEBULA_* variables. */
  clusters: ClusterConfig[];
  databasePath: string;
  defaultSpace?: string;
  /** JSON permission policy; without it everyone is a viewer. */
  accessFile?: string;
  /** node-cron expression with seconds for the job poller. */
  pollSchedule: string;
  /** How long the poller lease lasts without renewal: how soon another process takes over from a crashed one. */
  pollLeaseMs: number;
  /** Audit entries and decided approvals older than this many days are pruned; 0 keeps them forever. */
  auditRetentionDays: number;
  /** GET /metrics: whether series name spaces (METRICS_SPACE_LABELS); /metrics is unauthenticated. */
  metrics: { spaceLabels: boolean };
  /** When a job counts as stuck (STUCK_AFTER, STUCK_QUEUE_AFTER). */
  stuck: StuckSettings;
  /** How much lower than the front thread that acks every other thread runs, in HTTP mode (ANSWER_NICE); 0: the same. */
  answerNice: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

function toConfig(env: Env): Config {
  return {
    slack: {
      botToken: env.SLACK_BOT_TOKEN,
      signingSecret: env.SLACK_SIGNING_SECRET,
      appToken: env.SLACK_APP_TOKEN,
      apiUrl: env.SLACK_API_URL && (env.SLACK_API_URL.endsWith('/') ? env.SLACK_API_URL : `${env.SLACK_API_URL}/`),
      port: env.PORT,
      command: env.SLASH_COMMAND,
      allowedTeams: env.SLACK_ALLOWED_TEAMS?.length ? env.SLACK_ALLOWED_TEAMS : undefined,
    },
    clusters: [
      defaultCluster({
        servers: env.NEBULA_SERVERS,
        user: env.NEBULA_USER,
        password: env.NEBULA_PASSWORD,
        timeoutMs: env.NEBULA_TIMEOUT_MS,
        jobExpirySeconds: env.NEBULA_JOB_EXPIRY_SECONDS,
      }),
    ],
    databasePath: env.DATABASE_PATH,
    defaultSpace: env.DEFAULT_SPACE,
    accessFile: env.ACCESS_FILE,
    pollSchedule: env.POLL_SCHEDULE,
    pollLeaseMs: env.POLL_LEASE_SECONDS * 1000,
    auditRetentionDays: env.AUDIT_RETENTION_DAYS,
    metrics: { spaceLabels: env.METRICS_SPACE_LABELS },
    stuck: {
      kinds: env.STUCK_AFTER?.kinds ?? DEFAULT_STUCK_SETTINGS.kinds,
      fallbackMs: env.STUCK_AFTER?.fallbackMs !== undefined ? env.STUCK_AFTER.fallbackMs : DEFAULT_STUCK_SETTINGS.fallbackMs,
      queueAfterMs: env.STUCK_QUEUE_AFTER ?? DEFAULT_STUCK_SETTINGS.queueAfterMs,
    },
    answerNice: env.ANSWER_NICE,
    logLevel: env.LOG_LEVEL,
  };
}

/** Reads the configuration; problems come back as one line each: `NAME: what is wrong, e.g. …`. */
export function loadConfig(environment: NodeJS.ProcessEnv): ConfigResult {
  const parsed = schema.safeParse(environment);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        const message = issue.message.startsWith('Invalid input') ? 'required' : issue.message;
        return `${String(issue.path[0] ?? 'environment')}: ${message}`;
      });
  const isSet = (name: string): boolean => (environment[name] ?? '').trim() !== '';
  if (!isSet('SLACK_APP_TOKEN') && !isSet('SLACK_SIGNING_SECRET')) {
    problems.push('SLACK_SIGNING_SECRET: required in HTTP mode: the signing secret from your Slack app (Basic Information); or set SLACK_APP_TOKEN for Socket Mode');
  }
  if (problems.length > 0 || !parsed.success) return { ok: false, problems: [...new Set(problems)] };
  const config = toConfig(parsed.data);
  if (parsed.data.CLUSTERS_FILE) {
    const clusters = loadClusters(parsed.data.CLUSTERS_FILE, environment, { timeoutMs: parsed.data.NEBULA_TIMEOUT_MS, jobExpirySeconds: parsed.data.NEBULA_JOB_EXPIRY_SECONDS });
    if (!clusters.ok) return { ok: false, problems: clusters.problems };
    config.clusters = clusters.clusters;
  }
  return { ok: true, config };
}
