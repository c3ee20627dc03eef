import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BotOptions, type RunningBot, startBot } from '../../src/bot';
import { type Config, loadConfig } from '../../src/config/env';
import { loadPolicy } from '../../src/config/policy-file';
import { createLogger } from '../../src/logging/logger';
import { ActionId } from '../../src/slack/interactive/action-ids';
import { FakeGraphd, type FakeGraphdOptions } from './graphd';
import { type ResponsePost, type SentRequest, SlackFake, SlackUser, type Transport } from './slack-fake';
import { builtFile } from './test-build';

export const SIGNING_SECRET = 'test-signing-secret-8f2c';
export const BOT_TOKEN = 'xoxb-test-0000-bot-token';
export const APP_TOKEN = 'xapp-1-A1-test-app-token';

export type SlackMode = 'http' | 'socket';

/** One cluster of a several-cluster harness: a running fake graphd, or options to start one. */
export type HarnessCluster =
  | FakeGraphd
  | (FakeGraphdOptions & {
      /** Spaces created at start (default `nba`). */
      spaces?: string[];
      /** The cluster's statement timeout (CLUSTERS_FILE timeoutMs); the harness's 2 s otherwise. */
      timeoutMs?: number;
    });

export interface HarnessOptions {
  spaces?: string[];
  env?: Record<string, string>;
  /** An ACCESS_FILE policy, written to a temporary file. */
  policy?: unknown;
  graphd?: FakeGraphdOptions;
  /** An existing fake graphd (to restart the bot against the same one). */
  graphdInstance?: FakeGraphd;
  slackInstance?: SlackFake;
  /** Reuse a database folder (restart tests). */
  dir?: string;
  bot?: Partial<BotOptions>;
  /** Runs before the bot starts (users, roles, jobs the bot must see at start-up). */
  prepare?: (graphd: FakeGraphd) => void;
  /** HTTP receiver (default) or Socket Mode. */
  mode?: SlackMode;
  /**
   * Several clusters at once, by name, in this order: each its own fake graphd (started here
   * unless one is given), written to a CLUSTERS_FILE in the temp folder with a password variable
   * per cluster. Replaces `graphd`/`graphdInstance`/`spaces`; `prepare` runs on the first.
   */
  clusters?: Record<string, HarnessCluster>;
}

export interface Harness {
  /** The fake graphd (with `clusters`: the first cluster's). */
  graphd: FakeGraphd;
  /** Every cluster's fake graphd by name (`default` without `clusters`). */
  graphds: Record<string, FakeGraphd>;
  slack: SlackFake;
  bot: RunningBot;
  config: Config;
  dir: string;
  logs: string[];
  mode: SlackMode;
  /** Where /healthz answers (both modes). */
  healthUrl: string;
  /** A Slack user sending signed requests; U1 unless said otherwise. */
  as(userId: string): SlackUser;
  user: SlackUser;
  /** Runs a command and returns what the bot posted to its response_url. */
  command(text: string, options?: { userId?: string; channelId?: string }): Promise<ResponsePost & { sent: SentRequest }>;
  /** Types `stop …`/`recover …`, then clicks the confirmation's button; returns what the click answered. */
  act(text: string, options?: { userId?: string; channelId?: string }): Promise<ResponsePost & { sent: SentRequest }>;
  stopBot(): Promise<void>;
  close(): Promise<void>;
}

/** The real bot (HTTP front thread and Bolt, nebula client, SQLite) wired to the fakes on loopback. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const started: FakeGraphd[] = [];
  const graphds: Record<string, FakeGraphd> = {};
  const timeouts: Record<string, number | undefined> = {};
  if (options.clusters) {
    for (const [name, cluster] of Object.entries(options.clusters)) {
      if (cluster instanceof FakeGraphd) {
        graphds[name] = cluster;
        continue;
      }
      const { spaces, timeoutMs, ...graphdOptions } = cluster;
      const graphd = await FakeGraphd.start(graphdOptions);
      for (const space of spaces ?? ['nba']) graphd.createSpace(space);
      started.push(graphd);
      graphds[name] = graphd;
      timeouts[name] = timeoutMs;
    }
  } else {
    const graphd = options.graphdInstance ?? (await FakeGraphd.start(options.graphd));
    if (!options.graphdInstance) {
      for (const space of options.spaces ?? ['nba']) graphd.createSpace(space);
      started.push(graphd);
    }
    graphds.default = graphd;
  }
  const graphd = Object.values(graphds)[0];
  if (!graphd) throw new Error('harness: `clusters` names no cluster');
  options.prepare?.(graphd);
  const slack = options.slackInstance ?? (await SlackFake.start());
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'nebula-jobs-bot-'));
  const mode = options.mode ?? 'http';
  const clusterEnv: Record<string, string> = {};
  if (options.clusters) {
    // Passwords never go in the file: each cluster names its own variable, as in production.
    const clusters = Object.entries(graphds).map(([name, g]) => {
      const passwordEnv = `NEBULA_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_PASSWORD`;
      clusterEnv[passwordEnv] = `secret-${name}-pw`;
      return { name, servers: [g.address], user: 'root', passwordEnv, ...(timeouts[name] ? { timeoutMs: timeouts[name] } : {}) };
    });
    const file = join(dir, 'clusters.json');
    writeFileSync(file, JSON.stringify({ clusters }, null, 2));
    clusterEnv.CLUSTERS_FILE = file;
  }
  const env: Record<string, string> = {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    ...(mode === 'http' ? { SLACK_SIGNING_SECRET: SIGNING_SECRET } : { SLACK_APP_TOKEN: APP_TOKEN }),
    SLACK_API_URL: slack.apiUrl,
    PORT: '0',
    NEBULA_SERVERS: graphd.address,
    NEBULA_TIMEOUT_MS: '2000',
    DATABASE_PATH: join(dir, 'bot.db'),
    POLL_SCHEDULE: '0 0 0 1 1 *', // effectively never: tests poll by hand unless they say otherwise
    ...clusterEnv,
    ...options.env,
  };
  if (options.policy !== undefined) {
    const file = join(dir, 'access.json');
    writeFileSync(file, JSON.stringify(options.policy));
    env.ACCESS_FILE = file;
  }
  const loaded = loadConfig(env);
  if (!loaded.ok) throw new Error(`harness config: ${loaded.problems.join('; ')}`);
  const policy = loadPolicy(loaded.config.accessFile);
  if (!policy.ok) throw new Error(`harness policy: ${policy.problems.join('; ')}`);
  const logs: string[] = [];
  const logger = createLogger({
    level: 'debug',
    secrets: [BOT_TOKEN, SIGNING_SECRET, APP_TOKEN, ...loaded.config.clusters.map((c) => c.password)],
    write: (line) => logs.push(line),
  });
  const bot = await startBot(loaded.config, {
    logger,
    policy: policy.policy,
    host: '127.0.0.1',
    nebula: { reconnectGraceMs: 300, retryDelayMs: 20, maxRetryDelayMs: 200 },
    outboxBackoffMs: 100,
    followSchedule: '0 0 0 1 1 *', // effectively never: tests run the job follower by hand
    // Pong deadline and reconnect step: short enough for reconnect tests, long enough that a busy
    // machine's event-loop lag is not taken for a dead connection.
    socketPingTimeoutMs: 2_000,
    nebulaWorkerScript: builtFile('nebula/worker/client-worker'),
    frontScript: builtFile('slack/front/front-thread'),
    ...options.bot,
  });
  const transport: Transport = mode === 'http' ? { kind: 'http', botUrl: `http://127.0.0.1:${bot.port}/slack/events`, signingSecret: SIGNING_SECRET } : { kind: 'socket' };
  const as = (userId: string): SlackUser => new SlackUser({ transport, slack, userId });
  const user = as('U1');
  const command: Harness['command'] = async (text, commandOptions = {}) => {
    const sender = commandOptions.userId ? as(commandOptions.userId) : user;
    const sent = await sender.runCommand(text, { channelId: commandOptions.channelId });
    if (sent.status !== 200) throw new Error(`slash command answered HTTP ${sent.status}: ${sent.body}`);
    const post = await slack.waitForResponse(sent.responseUrl);
    return { ...post, sent };
  };
  let botStopped = false;
  const stopBot = async (): Promise<void> => {
    if (botStopped) return;
    botStopped = true;
    await bot.stop();
  };
  return {
    graphd,
    graphds,
    slack,
    bot,
    config: loaded.config,
    dir,
    logs,
    mode,
    healthUrl: `http://127.0.0.1:${bot.port}/healthz`,
    as,
    user,
    command,
    async act(text, actOptions = {}) {
      const confirmation = await command(text, actOptions);
      const actionId = /^\s*stop\b/i.test(text) ? ActionId.jobStop : ActionId.jobRecover;
      const sender = actOptions.userId ? as(actOptions.userId) : user;
      const sent = await sender.click(confirmation.body as never, { actionId }, { channelId: actOptions.channelId });
      if (sent.status !== 200) throw new Error(`confirmation click answered HTTP ${sent.status}: ${sent.body}`);
      return { ...(await slack.waitForResponse(sent.responseUrl)), sent };
    },
    stopBot,
    async close() {
      await stopBot();
      if (!options.slackInstance) await slack.close();
      for (const g of started) await g.close();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
