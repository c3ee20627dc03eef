import type { Policy } from '../access/policy';
import { type RunningBot, startBot } from '../bot';
import type { Config } from '../config/env';
import { demoCluster } from '../demo/demo-cluster';
import { DEMO_POLICY } from '../demo/demo-policy';
import { DEMO_SPACES, SimulatedCluster } from '../demo/simulated-cluster';
import type { Logger } from '../logging/logger';
import { pollIntervalMs } from './playground-config';
import { ALERTS_CHANNEL, APPROVALS_CHANNEL, CHANNELS, USERS } from './roster';
import { SlackStandIn } from './server';
import { simulateFailure } from './simulate-failure';

export interface PlaygroundOptions {
  /** From playgroundConfig(): slack.port is the page's port. */
  config: Config;
  logger: Logger;
  now?: () => Date;
  /** The simulated cluster's randomness (seeded in tests). */
  random?: () => number;
  /** How often simulated time moves on; 0 freezes it. */
  tickMs?: number;
  /** How long the bot has to ack (Slack: 3 s). */
  ackTimeoutMs?: number;
  /** Subscribe #alerts to the first demo space at start, as a user would (default true). */
  presubscribe?: boolean;
}

export interface Playground {
  /** The page to open. */
  url: string;
  standIn: SlackStandIn;
  bot: RunningBot;
  simulation: SimulatedCluster;
  stop(): Promise<void>;
}

/** The demo's policy, with approval requests in #approvals. */
const PLAYGROUND_POLICY: Policy = { ...DEMO_POLICY, approvals: { ...DEMO_POLICY.approvals, channel: APPROVALS_CHANNEL.id } };

/**
 * The local playground: the stand-in for Slack, then the real bot (production code, HTTP
 * receiver on a free loopback port) pointed at it, with the simulated cluster for NebulaGraph.
 */
export async function startPlayground(options: PlaygroundOptions): Promise<Playground> {
  const { config, logger } = options;
  const now = options.now ?? (() => new Date());
  const standIn = await SlackStandIn.start({
    port: config.slack.port,
    botToken: config.slack.botToken,
    command: config.slack.command,
    logger: logger.child({ component: 'playground' }),
    now,
    ackTimeoutMs: options.ackTimeoutMs,
  });
  const simulation = new SimulatedCluster(now, options.random);
  let bot: RunningBot;
  try {
    bot = await startBot(
      { ...config, slack: { ...config.slack, appToken: undefined, apiUrl: standIn.apiUrl, port: 0 } },
      {
        logger,
        policy: PLAYGROUND_POLICY,
        cluster: demoCluster(simulation, logger, { tickMs: options.tickMs, announce: false }),
        host: '127.0.0.1',
        ...(options.now ? { now } : {}),
      },
    );
  } catch (error) {
    await standIn.close();
    throw error;
  }
  standIn.connectBot({ eventsUrl: `http://127.0.0.1:${bot.port}/slack/events`, signingSecret: config.slack.signingSecret ?? '' });
  const pollWaitMs = 3 * pollIntervalMs(config) + 5_000;
  standIn.simulate = (space) => simulateFailure({ cluster: simulation, lastPolls: () => bot.lastPolls(), now, pollWaitMs }, space);
  for (const channel of CHANNELS) {
    standIn.workspace.post({ channel: channel.id, author: { kind: 'playground' }, text: `*#${channel.name}*: ${channel.purpose}` });
  }
  if (options.presubscribe ?? true) await standIn.requests.runCommand(USERS[0].id, ALERTS_CHANNEL.id, `subscribe ${DEMO_SPACES[0]}`);
  return {
    url: standIn.pageUrl,
    standIn,
    bot,
    simulation,
    async stop() {
      await bot.stop();
      await standIn.close();
    },
  };
}
