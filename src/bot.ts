import { expireOverdueApprovals } from './access/approval-expiry';
import { isAbandoned } from './access/interrupted-actions';
import type { Policy } from './access/policy';
import { UnrecordedOutcomes } from './access/unrecorded-outcomes';
import { JobFollower } from './alerts/job-follower';
import { holderId, PollerLease } from './alerts/lease';
import { OutboxSender } from './alerts/outbox-sender';
import { PollCycle } from './alerts/poll-cycle';
import { Poller } from './alerts/poller';
import { Retention } from './alerts/retention';
import type { ClusterConfig } from './config/clusters-file';
import type { Config } from './config/env';
import { ReloadablePolicy } from './config/policy-file';
import type { JobsGateway } from './jobs/jobs-gateway';
import { StuckRule } from './jobs/stuck-rule';
import type { Logger } from './logging/logger';
import { healthReport } from './monitoring/health';
import { BotMetrics } from './monitoring/metrics';
import { NebulaClient, type NebulaClientOptions, type NebulaHealth } from './nebula/client/contained-client';
import type { GraphClient } from './nebula/client/graph-client';
import { ClustersGateway } from './nebula/clusters-gateway';
import { WorkerGraphClient } from './nebula/worker/worker-graph-client';
import { answerNice } from './scheduling/answer-priority';
import { outsideWorkSlots } from './scheduling/gateway-outside-work-slots';
import { ProcessPresence } from './scheduling/process-presence';
import { scheduleTask } from './scheduling/scheduled-task';
import { WorkQueue } from './scheduling/work-queue';
import { createSlackApp } from './slack/app/app';
import { metricsRoute } from './slack/app/port-routes';
import { announceExpired, finishActions as finishLeftActions } from './slack/listeners/approval-outcomes';
import type { ListenerDeps } from './slack/listeners/listener-deps';
import { pickerChoices } from './slack/listeners/picker-choices';
import { SlackFollowDisplay } from './slack/web-api/slack-follow-display';
import { SlackGroupDirectory } from './slack/web-api/slack-group-directory';
import { SlackNoticePoster } from './slack/web-api/slack-notice-poster';
import { SlackPoster } from './slack/web-api/slack-poster';
import { createWebClients } from './slack/web-api/web-clients';
import { splitTyped } from './spaces/resolve-space';
import { ActionIntentRepository } from './store/action-intent-repository';
import { ApprovalRepository } from './store/approval-repository';
import { AuditRepository } from './store/audit-repository';
import { ChannelDefaultsRepository } from './store/channel-defaults-repository';
import { openDatabase, type SqliteDatabase } from './store/database';
import { FollowRepository } from './store/follow-repository';
import { LeaseRepository } from './store/lease-repository';
import { ListRefreshRepository } from './store/list-refresh-repository';
import { MetricsRepository } from './store/metrics-repository';
import { OutboxRepository } from './store/outbox-repository';
import { PollerRepository } from './store/poller-repository';
import { PresenceRepository } from './store/presence-repository';
import { RetentionRepository } from './store/retention-repository';
import { RunHistoryRepository } from './store/run-history-repository';
import { SubscriptionRepository } from './store/subscription-repository';

/** Where jobs come from: NebulaGraph clusters through their contained clients, or the demo's simulation. */
export interface JobsSource {
  gateway: JobsGateway;
  /** Each cluster's connection, for /healthz. */
  health(): Array<{ name: string; health: NebulaHealth }>;
  close(): Promise<void>;
}

export interface BotOptions {
  logger: Logger;
  policy: Policy;
  /** Replaces NebulaGraph (the demo's simulated cluster). */
  cluster?: JobsSource;
  now?: () => Date;
  /** Bind address for HTTP; all interfaces unless set. */
  host?: string;
  /** Tuning of the NebulaGraph client (tests shorten its waits). */
  nebula?: Partial<Pick<NebulaClientOptions, 'reconnectGraceMs' | 'retryDelayMs' | 'maxRetryDelayMs' | 'poolSize'>>;
  /** Where the NebulaGraph client runs: its own thread (default), or this one. */
  nebulaThread?: 'worker' | 'main';
  /** The client thread's compiled script, when the bot runs from TypeScript sources. */
  nebulaWorkerScript?: string;
  /** The front thread's compiled script (HTTP mode), when the bot runs from TypeScript sources. */
  frontScript?: string;
  /**
   * Run every thread but the front thread that acks (main, NebulaGraph clients, V8's helpers)
   * ANSWER_NICE lower. A bot process does; tests that run bots inside their own process do not.
   */
  lowerAnswerPriority?: boolean;
  /** How often approval requests are checked for expiry (cron with seconds). */
  approvalSweepSchedule?: string;
  /** Who this process is in the poller lease (tests run several bots in one process). */
  leaseHolder?: string;
  /** First retry delay of the outbox after a Slack 5xx or network error. */
  outboxBackoffMs?: number;
  /** Socket Mode pong deadline and reconnect step (tests shorten it). */
  socketPingTimeoutMs?: number;
  /** How often ACCESS_FILE is re-read for changes (default 2 s). */
  policyCheckMs?: number;
  /** How long the outbox waits for Slack to answer one Web API call (default 10 s). */
  outboxTimeoutMs?: number;
  /** How long the Home tab waits for slow spaces before publishing what it knows. */
  homeWaitMs?: number;
  /** When the job follower looks at followed stops, watched jobs and auto-refreshing lists (cron with seconds; every 5 s unless set). */
  followSchedule?: string;
}

export interface RunningBot {
  /** The HTTP port bound (events in HTTP mode, /healthz in both). */
  port: number;
  /** The NebulaGraph clusters' gateway and clients; null when a simulated cluster stands in. */
  nebula: ClustersGateway | null;
  deps: ListenerDeps;
  /** Re-reads ACCESS_FILE now (SIGHUP); true when its policy is now in force. */
  reloadPolicy(): boolean;
  /** Expires overdue approval requests now (the sweep does it every 30 s); returns how many. */
  expireApprovals(): Promise<number>;
  /**
   * Records what the database refused earlier and resolves actions a dead process left
   * (done at start-up and by the sweep); returns how many were written.
   */
  finishActions(): Promise<number>;
  poller: Poller;
  /** When each watched space was last polled successfully, in this process (in-process tools; /healthz names no space). */
  lastPolls(): ReadonlyMap<string, Date>;
  sender: OutboxSender;
  /** Follows stops until their tasks settle, watched jobs, and auto-refreshing lists. */
  follower: JobFollower;
  /** The SQLite connection (tests inject disk faults through it, e.g. `PRAGMA query_only`). */
  database: SqliteDatabase;
  /** What GET /metrics serves. */
  metrics: BotMetrics;
  stop(): Promise<void>;
}

/**
 * One contained client per cluster, each in its own worker thread: thrift decoding (and its
 * garbage, capped at 96 MB a thread) stays off the thread that acks Slack, and a cluster that
 * hangs or floods holds up nothing of another.
 */
function graphClient(cluster: ClusterConfig, config: Config, options: BotOptions, logger: Logger, now: () => Date): GraphClient {
  const preferredHomeSpace = config.defaultSpace ? splitTyped(config.defaultSpace, [cluster.name]) : null;
  const settings = {
    servers: cluster.servers,
    user: cluster.user,
    password: cluster.password,
    timeoutMs: cluster.timeoutMs,
    preferredHomeSpace: preferredHomeSpace && (preferredHomeSpace.cluster ?? cluster.name) === cluster.name ? (preferredHomeSpace.space ?? undefined) : undefined,
    ...options.nebula,
  };
  return options.nebulaThread === 'main'
    ? new NebulaClient({ ...settings, logger, now })
    : new WorkerGraphClient({ ...settings, maxOldGenerationSizeMb: 96, script: options.nebulaWorkerScript }, logger);
}

function nebulaSource(gateway: ClustersGateway): JobsSource {
  return {
    gateway,
    health: () => gateway.health(),
    close: async () => void (await Promise.all(gateway.clients().map(({ client }) => client.close()))),
  };
}

/** The composition root: store → NebulaGraph → Slack → poller and sender; torn down in reverse. */
export async function startBot(config: Config, options: BotOptions): Promise<RunningBot> {
  const { logger } = options;
  const now = options.now ?? (() => new Date());
  // ACCESS_FILE is re-read while running; everything reads deps.policy at each decision.
  const policies = config.accessFile ? new ReloadablePolicy(config.accessFile, options.policy, logger.child({ component: 'policy' })) : null;
  const db = openDatabase(config.databasePath);
  const nebula = options.cluster
    ? null
    : new ClustersGateway(
        config.clusters.map((c) => ({
          name: c.name,
          jobExpirySeconds: c.jobExpirySeconds,
          client: graphClient(c, config, options, logger.child({ component: 'nebula', cluster: c.name }), now),
        })),
      );
  // Not awaited: the bot answers in Slack even while NebulaGraph is down, and says so.
  for (const { client } of nebula?.clients() ?? []) void client.start();
  const cluster: JobsSource = options.cluster ?? nebulaSource(nebula as ClustersGateway);
  const { gateway } = cluster;
  const slackLogger = logger.child({ component: 'slack' });
  // Counters are fed by decorators of the ports below; gauges read their sources when scraped.
  const metrics = new BotMetrics(config.metrics);
  const slackFetch = metrics.slack.fetch(config.slack.apiUrl ?? 'https://slack.com/api/');
  const clients = createWebClients({ ...config.slack, logLevel: config.logLevel, outboxTimeoutMs: options.outboxTimeoutMs, fetch: slackFetch }, slackLogger);
  const audit = metrics.actions.auditLog(new AuditRepository(db));
  const approvals = new ApprovalRepository(db);
  const holder = options.leaseHolder ?? holderId();
  // Liveness by heartbeat, never by pid: containers sharing a hostname all see their own PID 1.
  const presence = new ProcessPresence(new PresenceRepository(db), holder, config.pollLeaseMs, now);
  presence.start();
  const holderIsDead = (other: string): boolean => !presence.isAlive(other);
  const work = new WorkQueue(4);
  const deps: ListenerDeps = {
    gateway: outsideWorkSlots(gateway, work),
    channels: new ChannelDefaultsRepository(db),
    audit,
    approvals,
    intents: new ActionIntentRepository(db, holder, audit, approvals),
    unrecorded: new UnrecordedOutcomes(),
    subscriptions: new SubscriptionRepository(db),
    get policy() {
      return policies?.current ?? options.policy;
    },
    groups: new SlackGroupDirectory(clients.interactive, slackLogger),
    poster: new SlackPoster(clients.interactive),
    work,
    now,
    logger: slackLogger,
    command: config.slack.command,
    defaultSpace: config.defaultSpace,
    homeWaitMs: options.homeWaitMs,
    follows: new FollowRepository(db),
    refreshes: new ListRefreshRepository(db),
    stuck: new StuckRule(config.stuck, new RunHistoryRepository(db)),
  };
  const pollerLogger = logger.child({ component: 'poller' });
  const lease = new PollerLease(new LeaseRepository(db), holder, config.pollLeaseMs, now, pollerLogger);
  const sender = new OutboxSender({
    store: metrics.delivery.outboxStore(new OutboxRepository(db)),
    poster: metrics.delivery.poster(new SlackNoticePoster(clients.outbox)),
    now,
    logger: pollerLogger,
    mayDeliver: () => lease.hold(),
    baseBackoffMs: options.outboxBackoffMs,
  });
  const pollerStore = new PollerRepository(db);
  const cycle = new PollCycle({
    gateway: metrics.polls.gateway(gateway),
    store: metrics.polls.pollerStore(pollerStore, (entries) => metrics.delivery.enqueued(entries)),
    audit,
    now,
    logger: pollerLogger,
    stuck: config.stuck,
  });
  // With the poller, so only the lease holder prunes: hourly, and at its first poll.
  const retention = new Retention({ store: new RetentionRepository(db), now, logger: pollerLogger, auditRetentionDays: config.auditRetentionDays });
  const afterPoll = (): void => {
    sender.kick();
    retention.runIfDue();
  };
  const poller = new Poller({ cycle, lease, schedule: config.pollSchedule, logger: pollerLogger, afterPoll });
  // Like the sender, only the lease holder follows: its notes go through the outbox, exactly once.
  const follower = new JobFollower({
    gateway,
    follows: deps.follows,
    refreshes: deps.refreshes,
    display: new SlackFollowDisplay(
      clients.outbox,
      (url, message) => deps.poster.respondTo(url, message),
      now,
      (refresh) => pickerChoices(deps, refresh.userId, refresh.list, refresh.list.share),
    ),
    lease,
    now,
    logger: logger.child({ component: 'follower' }),
    afterCommit: () => sender.kick(),
    stuck: deps.stuck,
  });

  const slack = createSlackApp(
    {
      ...config.slack,
      host: options.host,
      logLevel: config.logLevel,
      socketPingTimeoutMs: options.socketPingTimeoutMs,
      routes: [metricsRoute(() => metrics.page(), logger)],
      fetch: slackFetch,
      answerNice: options.lowerAnswerPriority ? answerNice(config.answerNice) : undefined,
      frontScript: options.frontScript,
    },
    deps,
    () =>
      healthReport(
        {
          slack: { mode: slack.mode, connected: slack.mode === 'http' || slack.socketConnected() },
          clusters: cluster.health(),
          lastPolls: cycle.lastSuccessfulPolls(),
          pollerActive: lease.isHeld(),
          outbox: sender.health(),
        },
        now(),
      ),
    logger,
  );
  metrics.readAt({
    store: new MetricsRepository(db),
    watchedSpaces: () => pollerStore.watchedSpaces(),
    polling: () => lease.isHeld(),
    lastPollOf: (ref) => cycle.lastSuccessfulPollOf(ref),
    pause: () => sender.pause(),
    clusters: () => cluster.health(),
    slackConnected: () => slack.mode === 'http' || slack.socketConnected(),
    now,
  });
  let port: number;
  try {
    port = await slack.start();
  } catch (error) {
    presence.stop();
    await cluster.close();
    db.close();
    throw error;
  }
  const stopWatchingPolicy = policies?.watch(options.policyCheckMs ?? 2_000) ?? (() => undefined);
  poller.start();
  follower.start(options.followSchedule ?? '*/5 * * * * *');
  sender.kick(); // whatever a previous run left in the outbox
  const expireApprovals = async (): Promise<number> => {
    const expired = expireOverdueApprovals(deps);
    for (const approval of expired) await announceExpired(deps, approval);
    return expired.length;
  };
  // An action runs a few statements, each bounded by the timeout: far past that, its process is gone.
  const maxRunMs = Math.max(10 * Math.max(...config.clusters.map((c) => c.timeoutMs)), 120_000);
  const finishActions = (): Promise<number> => finishLeftActions(deps, (intent) => isAbandoned(intent, { holder, holderIsDead, now: now(), maxRunMs }));
  // Soon after start, not before it: graphd may be slow to answer, and Slack should not wait for it.
  const startupRecovery = finishActions().catch((error: unknown) => logger.error('action.recovery_failed', { error }));
  const approvalSweep = scheduleTask('approval-expiry', options.approvalSweepSchedule ?? '*/30 * * * * *', async () => void (await expireApprovals()), logger);
  // Often, and cheap (an indexed read of a table that is nearly always empty): an action left by a
  // process that died is resolved soon after that process's heartbeat lapses.
  const actionSweep = scheduleTask('action-recovery', '*/5 * * * * *', async () => void (await finishActions()), logger);
  logger.info('bot.started', { mode: slack.mode, port, command: config.slack.command, policy: deps.policy.configured ? 'configured' : 'view-only', poll: config.pollSchedule });
  return {
    port,
    nebula,
    deps,
    poller,
    lastPolls: () => cycle.lastSuccessfulPolls(),
    sender,
    follower,
    database: db,
    metrics,
    expireApprovals,
    finishActions,
    reloadPolicy() {
      if (policies) return policies.reload('SIGHUP');
      logger.info('policy.reload_skipped', { reason: 'no ACCESS_FILE is configured' });
      return false;
    },
    async stop() {
      stopWatchingPolicy();
      // Stop taking work, let what is in flight finish, then close the connections.
      await slack.stop();
      await follower.stop(); // before the poller gives the lease up: a run in progress still writes under it
      await Promise.all([poller.stop(), approvalSweep.stop(), actionSweep.stop(), startupRecovery]);
      await sender.stop();
      presence.stop();
      await cluster.close();
      db.close();
      logger.info('bot.stopped');
    },
  };
}
