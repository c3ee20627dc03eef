import { Policy } from './access/policy';
import { Config } from './config/env';
import { healthReport } from './monitoring/health';
import { Logger } from './logging/logger';
import { JobsGateway } from './jobs/jobs-gateway';
import { NebulaClient, NebulaClientOptions, NebulaHealth } from './nebula/client/contained-client';
import { GraphClient } from './nebula/client/graph-client';
import { WorkerGraphClient } from './nebula/worker/worker-graph-client';
import { NebulaJobsGateway } from './nebula/nebula-jobs-gateway';
import { holderId, PollerLease } from './alerts/lease';
import { PollCycle } from './alerts/poll-cycle';
import { Poller } from './alerts/poller';
import { scheduleTask } from './scheduling/scheduled-task';
import { createSlackApp } from './slack/app/app';
import { OutboxSender } from './alerts/outbox-sender';
import { expireOverdueApprovals } from './access/approval-expiry';
import { announceExpired } from './slack/listeners/approval-outcomes';
import { ListenerDeps } from './slack/listeners/listener-deps';
import { SlackGroupDirectory } from './slack/web-api/slack-group-directory';
import { SlackNoticePoster } from './slack/web-api/slack-notice-poster';
import { SlackPoster } from './slack/web-api/slack-poster';
import { createWebClients } from './slack/web-api/web-clients';
import { WorkQueue } from './scheduling/work-queue';
import { ApprovalRepository } from './store/approval-repository';
import { AuditRepository } from './store/audit-repository';
import { ChannelDefaultsRepository } from './store/channel-defaults-repository';
import { openDatabase } from './store/database';
import { LeaseRepository } from './store/lease-repository';
import { OutboxRepository } from './store/outbox-repository';
import { PollerRepository } from './store/poller-repository';
import { SubscriptionRepository } from './store/subscription-repository';

/** Where jobs come from: NebulaGraph through the contained client, or the demo's simulation. */
export interface Cluster {
  gateway: JobsGateway;
  health(): NebulaHealth;
  close(): Promise<void>;
}

export interface BotOptions {
  logger: Logger;
  policy: Policy;
  /** Replaces NebulaGraph (the demo's simulated cluster). */
  cluster?: Cluster;
  now?: () => Date;
  /** Bind address for HTTP; all interfaces unless set. */
  host?: string;
  /** Tuning of the NebulaGraph client (tests shorten its waits). */
  nebula?: Partial<Pick<NebulaClientOptions, 'reconnectGraceMs' | 'retryDelayMs' | 'maxRetryDelayMs' | 'poolSize'>>;
  /** Where the NebulaGraph client runs: its own thread (default), or this one. */
  nebulaThread?: 'worker' | 'main';
  /** The client thread's compiled script, when the bot runs from TypeScript sources. */
  nebulaWorkerScript?: string;
  /** How often approval requests are checked for expiry (cron with seconds). */
  approvalSweepSchedule?: string;
  /** Who this process is in the poller lease (tests run several bots in one process). */
  leaseHolder?: string;
  /** Whether a lease holder is known to be dead (default: a gone process on this host). */
  leaseHolderIsDead?: (holder: string) => boolean;
  /** First retry delay of the outbox after a Slack 5xx or network error. */
  outboxBackoffMs?: number;
  /** Socket Mode pong deadline and reconnect step (tests shorten it). */
  socketPingTimeoutMs?: number;
  /** How long the Home tab waits for slow spaces before publishing what it knows. */
  homeWaitMs?: number;
}

export interface RunningBot {
  /** The HTTP port bound (events in HTTP mode, /healthz in both). */
  port: number;
  /** The NebulaGraph client; null when a simulated cluster stands in. */
  nebula: GraphClient | null;
  deps: ListenerDeps;
  /** Expires overdue approval requests now (the sweep does it every 30 s); returns how many. */
  expireApprovals(): Promise<number>;
  poller: Poller;
  sender: OutboxSender;
  stop(): Promise<void>;
}

/** Lease length: long enough that renewing it is rare, short enough to hand over after a crash. */
function leaseTtlMs(schedule: string): number {
  const everySeconds = /^\*\/(\d+) /.exec(schedule);
  const interval = everySeconds ? Number(everySeconds[1]) * 1000 : 60_000;
  return Math.max(10 * interval, 60_000);
}

/** The worker thread keeps thrift decoding (and its garbage, capped at 96 MB) off the thread that acks Slack. */
function graphClient(config: Config, options: BotOptions, logger: Logger, now: () => Date): GraphClient {
  const settings = { ...config.nebula, preferredHomeSpace: config.defaultSpace, ...options.nebula };
  return options.nebulaThread === 'main'
    ? new NebulaClient({ ...settings, logger, now })
    : new WorkerGraphClient({ ...settings, maxOldGenerationSizeMb: 96, script: options.nebulaWorkerScript }, logger);
}

/** The composition root: store → NebulaGraph → Slack → poller and sender; torn down in reverse. */
export async function startBot(config: Config, options: BotOptions): Promise<RunningBot> {
  const { logger, policy } = options;
  const now = options.now ?? (() => new Date());
  const db = openDatabase(config.databasePath);
  const nebula = options.cluster ? null : graphClient(config, options, logger.child({ component: 'nebula' }), now);
  // Not awaited: the bot answers in Slack even while NebulaGraph is down, and says so.
  void nebula?.start();
  const cluster: Cluster = options.cluster ?? { gateway: new NebulaJobsGateway(nebula as GraphClient), health: () => (nebula as GraphClient).health(), close: () => (nebula as GraphClient).close() };
  const { gateway } = cluster;
  const slackLogger = logger.child({ component: 'slack' });
  const clients = createWebClients({ ...config.slack, logLevel: config.logLevel }, slackLogger);
  const audit = new AuditRepository(db);
  const deps: ListenerDeps = {
    gateway,
    channels: new ChannelDefaultsRepository(db),
    audit,
    approvals: new ApprovalRepository(db),
    subscriptions: new SubscriptionRepository(db),
    policy,
    groups: new SlackGroupDirectory(clients.interactive, slackLogger),
    poster: new SlackPoster(clients.interactive),
    work: new WorkQueue(4),
    now,
    logger: slackLogger,
    command: config.slack.command,
    defaultSpace: config.defaultSpace,
    homeWaitMs: options.homeWaitMs,
  };
  const pollerLogger = logger.child({ component: 'poller' });
  const holder = options.leaseHolder ?? holderId();
  const lease = new PollerLease(new LeaseRepository(db), holder, leaseTtlMs(config.pollSchedule), now, options.leaseHolderIsDead);
  const sender = new OutboxSender({
    store: new OutboxRepository(db),
    poster: new SlackNoticePoster(clients.outbox),
    now,
    logger: pollerLogger,
    mayDeliver: () => lease.hold(),
    baseBackoffMs: options.outboxBackoffMs,
  });
  const cycle = new PollCycle({ gateway, store: new PollerRepository(db), audit, now, logger: pollerLogger });
  const poller = new Poller({ cycle, lease, schedule: config.pollSchedule, logger: pollerLogger, afterPoll: () => sender.kick() });

  const slack = createSlackApp(
    { ...config.slack, host: options.host, logLevel: config.logLevel, socketPingTimeoutMs: options.socketPingTimeoutMs },
    deps,
    () =>
      healthReport(
        {
          slack: { mode: slack.mode, connected: slack.mode === 'http' || slack.socketConnected() },
          nebula: cluster.health(),
          lastPolls: cycle.lastSuccessfulPolls(),
          pollerActive: lease.isHeld(),
          outboxBacklog: sender.backlog(),
        },
        now(),
      ),
    logger,
  );
  let port: number;
  try {
    port = await slack.start();
  } catch (error) {
    await cluster.close();
    db.close();
    throw error;
  }
  poller.start();
  sender.kick(); // whatever a previous run left in the outbox
  const expireApprovals = async (): Promise<number> => {
    const expired = expireOverdueApprovals(deps);
    for (const approval of expired) await announceExpired(deps, approval);
    return expired.length;
  };
  const approvalSweep = scheduleTask('approval-expiry', options.approvalSweepSchedule ?? '*/30 * * * * *', async () => void (await expireApprovals()), logger);
  logger.info('bot.started', { mode: slack.mode, port, command: config.slack.command, policy: policy.configured ? 'configured' : 'view-only', poll: config.pollSchedule });
  return {
    port,
    nebula,
    deps,
    poller,
    sender,
    expireApprovals,
    async stop() {
      // Stop taking work, let what is in flight finish, then close the connections.
      await slack.stop();
      await Promise.all([poller.stop(), approvalSweep.stop()]);
      await sender.stop();
      await cluster.close();
      db.close();
      logger.info('bot.stopped');
    },
  };
}
