import type { AuditLog } from '../access/audit';
import { withOwnTaskCodes } from '../jobs/graphd-release';
import { isDataBalance, type Job, type JobDetail } from '../jobs/job';
import { isJobsError } from '../jobs/jobs-error';
import type { JobsGateway } from '../jobs/jobs-gateway';
import { availableActions } from '../jobs/rules';
import { DEFAULT_STUCK_SETTINGS, type RunHistory, type StuckSettings } from '../jobs/stuck-rule';
import { diffSpace, isAlertable, type JobSnapshot, type Transition } from '../jobs/transitions';
import type { Logger } from '../logging/logger';
import { eachConcurrently } from '../scheduling/each-concurrently';
import { type SpaceRef, spaceKey, spaceLabel } from '../spaces/space-ref';
import { LeaseLost, type LeaseTerm } from './lease';
import { alertedJob, type FollowUp, type JobAlert, type OutboxEntry } from './notices';
import type { PollerStore } from './poller-store';
import { finishedNoticeOf, followUpExtras, stuckAlertOf, stuckAndFinishedEntries } from './stuck-notices';
import { type JobWatch, type WatchStep, watchSpace } from './stuck-watch';

export interface PollDeps {
  gateway: JobsGateway;
  store: PollerStore;
  audit: AuditLog;
  now: () => Date;
  logger: Logger;
  /**
   * Spaces fetched at once in each cluster; a slow space holds only its own slot, and a hung
   * cluster only its own slots (each cluster has its own client and thread).
   */
  concurrency?: number;
  /** Polls in a row that cannot reach NebulaGraph before channels are told. */
  outageAfter?: number;
  /** More alerts than this for one channel in one poll become a digest. */
  digestAbove?: number;
  /** When jobs count as stuck (STUCK_AFTER, STUCK_QUEUE_AFTER); the defaults unless set. */
  stuck?: StuckSettings;
}

/** What the poller remembers of a space between polls: job state, the stuck rule's rows, finished runs. */
interface SpaceMemory {
  known: Map<number, JobSnapshot>;
  watch: Map<number, JobWatch>;
  history: RunHistory;
}

export interface PollReport {
  spaces: number;
  failedSpaces: number;
  outbox: number;
  reachable: boolean | null;
  /** SQLite rows this poll wrote (0 when nothing changed). */
  rowsWritten: number;
  /** Another process took the lease during the poll: it stopped, and wrote nothing from then on. */
  leaseLost: boolean;
}

const FAILED_TASKS_SHOWN = 10;
const ACTOR_WINDOW_MS = 24 * 3_600_000;
/** Failures that say nothing about a space, only that graphd cannot be reached. */
const CONNECTIVITY = new Set(['nebula-unreachable', 'nebula-timeout', 'nebula-credentials', 'nebula-busy']);
/** The code storaged reports for the tasks of a job someone stopped. */
const USER_CANCEL = 'E_USER_CANCEL';

/** STOPPED → FAILED may be storaged reporting a deliberate stop (E_USER_CANCEL): the detail tells. */
const mayBeCancelReport = (transition: Transition): boolean => transition.from === 'STOPPED' && transition.to === 'FAILED';

/**
 * One poll: read every watched space's jobs, compare with what was seen last time, and write the
 * new state together with the messages it causes, one transaction per space. Each transaction is
 * fenced by the lease term the poll started in: once another process has taken the lease, the
 * poll writes nothing more and stops.
 */
/** Maps keyed by space: a cluster name never holds a NUL, so the key is unambiguous. */

export class PollCycle {
  /** Polls in a row in which no space of the cluster could be read. */
  private readonly unreachablePolls = new Map<string, number>();
  private readonly lastSuccess = new Map<string, { ref: SpaceRef; at: Date }>();
  /** What the store holds for each space, read once: an idle poll then neither reads nor writes SQLite. */
  private readonly memory = new Map<string, SpaceMemory>();

  constructor(private readonly deps: PollDeps) {}

  /** Drops the in-memory copy of the store's job state; the next poll reads it again. */
  forgetRememberedState(): void {
    this.memory.clear();
  }

  /** When each watched space was last read, by its label (`nba`, `prod/nba`). */
  lastSuccessfulPolls(): ReadonlyMap<string, Date> {
    return new Map([...this.lastSuccess.values()].map(({ ref, at }) => [spaceLabel(ref), at]));
  }

  /** When this process last committed the space's new state; undefined before its first such poll. */
  lastSuccessfulPollOf(ref: SpaceRef): Date | undefined {
    return this.lastSuccess.get(spaceKey(ref))?.at;
  }

  async run(fence: LeaseTerm): Promise<PollReport> {
    let leaseLost = false;
    const stopOnLostLease = (error: unknown): void => {
      if (!(error instanceof LeaseLost)) throw error;
      if (!leaseLost) this.deps.logger.warn('poll.lease_lost', { term: fence.term, note: 'another process took the poller lease during this poll; nothing more is written' });
      leaseLost = true;
    };
    const spaces = this.deps.store.watchedSpaces();
    try {
      this.forgetUnwatched(spaces, fence);
    } catch (error) {
      stopOnLostLease(error);
    }
    // Per cluster: whether graphd answered for any of its spaces, and the last failure seen.
    const reached = new Map<string, { reachable: boolean; reason: string }>();
    for (const ref of spaces) if (!reached.has(ref.cluster)) reached.set(ref.cluster, { reachable: false, reason: '' });
    let failedSpaces = 0;
    let outbox = 0;
    let rowsWritten = 0;
    const byCluster = new Map<string, SpaceRef[]>();
    for (const ref of spaces) byCluster.set(ref.cluster, [...(byCluster.get(ref.cluster) ?? []), ref]);
    const pollSpace = async (ref: SpaceRef): Promise<void> => {
      if (leaseLost) return;
      const cluster = reached.get(ref.cluster) as { reachable: boolean; reason: string };
      try {
        const jobs = await this.deps.gateway.listJobs(ref);
        cluster.reachable = true;
        if (leaseLost) return;
        const applied = await this.applySpace(ref, jobs, fence);
        outbox += applied.outbox;
        rowsWritten += applied.rows;
        this.lastSuccess.set(spaceKey(ref), { ref, at: applied.at });
      } catch (error) {
        if (error instanceof LeaseLost) return stopOnLostLease(error);
        failedSpaces += 1;
        if (isJobsError(error) && !CONNECTIVITY.has(error.kind)) cluster.reachable = true; // graphd answered
        cluster.reason = error instanceof Error ? error.message : String(error);
        this.deps.logger.warn('poll.space_failed', { cluster: ref.cluster, space: ref.space, reason: cluster.reason });
      }
    };
    await Promise.all([...byCluster.values()].map((refs) => eachConcurrently(refs, this.deps.concurrency ?? 4, pollSpace)));
    for (const [name, state] of reached) {
      if (leaseLost) break;
      try {
        const outage = this.trackOutage(name, state.reachable, state.reason, fence);
        outbox += outage;
        rowsWritten += outage;
      } catch (error) {
        stopOnLostLease(error);
      }
    }
    const reachable = spaces.length ? [...reached.values()].some((state) => state.reachable) : null;
    return { spaces: spaces.length, failedSpaces, outbox, reachable, rowsWritten, leaseLost };
  }

  private forgetUnwatched(watched: SpaceRef[], fence: LeaseTerm): void {
    const keys = new Set(watched.map(spaceKey));
    for (const key of [...this.memory.keys()]) if (!keys.has(key)) this.memory.delete(key);
    for (const key of [...this.lastSuccess.keys()]) if (!keys.has(key)) this.lastSuccess.delete(key);
    for (const ref of this.deps.store.baselinedSpaces()) if (!keys.has(spaceKey(ref))) this.deps.store.forget(ref, fence);
  }

  private recall(ref: SpaceRef): SpaceMemory {
    const { store } = this.deps;
    return { known: store.snapshots(ref), watch: store.watchOf(ref), history: store.runsOf(ref) };
  }

  private async applySpace(ref: SpaceRef, jobs: Job[], fence: LeaseTerm): Promise<{ outbox: number; rows: number; at: Date }> {
    const { store } = this.deps;
    // A space in memory was committed in this lease term, so it is baselined: an idle poll reads no SQLite.
    const remembered = this.memory.get(spaceKey(ref));
    const baseline = !remembered && !store.isBaselined(ref);
    const memory: SpaceMemory = baseline ? { known: new Map(), watch: new Map(), history: new Map() } : (remembered ?? this.recall(ref));
    const { known } = memory;
    const diff = diffSpace(known, jobs);
    const now = this.deps.now();
    const step = watchSpace({ ...memory, upserts: diff.upserts, removed: diff.removed, jobs, settings: this.stuckSettings, now, baseline });
    const outbox = baseline ? [] : await this.noticesFor(ref, diff.transitions, jobs, step, memory.history);
    const watch = { upserts: step.upserts, removed: step.removed };
    const at = this.deps.now();
    const rows = store.commitSpace(ref, { baseline, upserts: diff.upserts, removed: diff.removed, outbox, watch, runs: step.runs }, at, fence);
    // Only after the commit: if it failed, the next poll sees the same changes again.
    for (const snapshot of diff.upserts) known.set(snapshot.id, snapshot);
    for (const id of diff.removed) known.delete(id);
    this.memory.set(spaceKey(ref), { known, watch: step.next, history: step.history });
    return { outbox: outbox.length, rows, at };
  }

  private get stuckSettings(): StuckSettings {
    return this.deps.stuck ?? DEFAULT_STUCK_SETTINGS;
  }

  /** `history`: the space's finished runs before this poll, for what finished jobs usually take. */
  private async noticesFor(space: SpaceRef, transitions: Transition[], jobs: Job[], step: WatchStep, history: RunHistory): Promise<OutboxEntry[]> {
    // Nothing moved and nothing newly stuck: nothing to tell, and no need to read the subscribers.
    if (transitions.length === 0 && step.fresh.length === 0) return [];
    const now = this.deps.now();
    const subscribers = this.deps.store.subscribersOf(space, now);
    const entries: OutboxEntry[] = [];
    // The tasks tell where a job failed, and whether a STOPPED → FAILED was only the stop's cancel
    // report; without them an alert still goes out. Read once per job.
    const details = new Map<number, Promise<JobDetail | null>>();
    const detailOf = (id: number): Promise<JobDetail | null> => {
      if (!details.has(id))
        details.set(
          id,
          this.deps.gateway.showJob(space, id).catch(() => null),
        );
      return details.get(id) as Promise<JobDetail | null>;
    };
    // A stopped job whose tasks storaged then reports cancelled turns FAILED with E_USER_CANCEL.
    // That is the stop, not a failure: threads of the job's alerts are told, nobody is alerted
    // again (the STOPPED alert went out to channels that asked for it; channels that asked for
    // failures only did not ask for stops). A FAILED with any other code is alerted as usual.
    const cancels = new Set<number>();
    for (const transition of transitions.filter(mayBeCancelReport)) {
      if ((await detailOf(transition.job.id))?.errorCode === USER_CANCEL) cancels.add(transition.job.id);
    }
    // Follow-ups first: a job that failed again is replied to in its old thread before the
    // new alert takes that thread's place.
    const threaded = new Set<string>();
    for (const transition of transitions) {
      if (transition.from === null) continue;
      for (const channelId of this.deps.store.alertThreadsOf(space, transition.job.id, now)) {
        const followUp = { ...this.followUpFor(space, transition, cancels.has(transition.job.id)), ...followUpExtras(transition, step.endings, jobs) };
        entries.push({ channelId, notice: { kind: 'follow-up', followUp } });
        threaded.add(`${channelId}\u0000${transition.job.id}`);
      }
    }
    const alertable = transitions.filter((transition) => isAlertable(transition) && !cancels.has(transition.job.id));
    const alerts = new Map<number, JobAlert>();
    for (const transition of alertable) {
      if (subscribers.some((s) => s.statuses.includes(transition.to))) {
        alerts.set(transition.job.id, await this.alertFor(space, transition, jobs, await detailOf(transition.job.id)));
      }
    }
    // A failed balance job stopped to unblock new balances, or a stuck job stopped: a channel
    // holding the job's alert thread hears it there, not in a second alert; one that saw no
    // earlier alert of the job gets the STOPPED alert.
    const toldInThread = (t: Transition, channelId: string): boolean =>
      t.to === 'STOPPED' && (t.from === 'FAILED' || step.endings.has(t.job.id)) && threaded.has(`${channelId}\u0000${t.job.id}`);
    for (const subscriber of subscribers) {
      const mine = alertable.filter((t) => subscriber.statuses.includes(t.to) && !toldInThread(t, subscriber.channelId)).map((t) => alerts.get(t.job.id) as JobAlert);
      if (mine.length > (this.deps.digestAbove ?? 5)) {
        entries.push({ channelId: subscriber.channelId, notice: { kind: 'digest', alerts: mine } });
      } else {
        for (const alert of mine) entries.push({ channelId: subscriber.channelId, notice: { kind: 'alert', alert } });
      }
    }
    const { jobExpiryMs } = this.deps.gateway.serverFacts(space.cluster);
    const stuck = step.fresh.map((verdict) => stuckAlertOf(space, verdict, jobs, this.stuckSettings, now, jobExpiryMs));
    const finished = transitions.filter((t) => t.to === 'FINISHED').map((t) => finishedNoticeOf(space, t.job, history, now));
    entries.push(...stuckAndFinishedEntries(subscribers, stuck, finished, this.deps.digestAbove ?? 5, threaded));
    return entries;
  }

  private async alertFor(space: SpaceRef, transition: Transition, jobs: Job[], read: JobDetail | null): Promise<JobAlert> {
    const { job } = transition;
    const now = this.deps.now();
    const { version, jobExpiryMs } = this.deps.gateway.serverFacts(space.cluster);
    // Since 3.3 each task row carries the job's code: it is not pinned on every failed task.
    const detail = read && withOwnTaskCodes(read, version);
    const failed = (detail?.tasks ?? []).filter((task) => task.status === 'FAILED');
    const since = new Date(now.getTime() - ACTOR_WINDOW_MS);
    // Seen FAILED without the STOPPED in between (storaged reported the cancel before this poll): still a stop.
    const stopped = job.status === 'STOPPED' || detail?.errorCode === USER_CANCEL;
    return {
      cluster: space.cluster,
      space: space.space,
      job: alertedJob(job),
      previousStatus: transition.from,
      errorCode: detail?.errorCode ?? null,
      failedTasks: failed.slice(0, FAILED_TASKS_SHOWN).map((t) => ({ taskId: t.taskId, host: t.host, status: t.status, errorCode: t.errorCode })),
      moreFailedTasks: Math.max(0, failed.length - FAILED_TASKS_SHOWN),
      stoppedBy: stopped ? this.deps.audit.lastExecutedBy(space, job.id, 'stop', since) : null,
      actions: availableActions(job, jobs, now, jobExpiryMs),
      detectedAt: now.getTime(),
      // Any FAILED balance job blocks new balances of its space until recovered or stopped.
      ...(job.status === 'FAILED' && isDataBalance(job.command) ? { balanceBlocked: true } : {}),
    };
  }

  private followUpFor(space: SpaceRef, transition: Transition, cancelReported: boolean): FollowUp {
    const now = this.deps.now();
    const since = new Date(now.getTime() - ACTOR_WINDOW_MS);
    const action = transition.to === 'QUEUE' || transition.to === 'RUNNING' ? 'recover' : transition.to === 'STOPPED' || cancelReported ? 'stop' : null;
    return {
      cluster: space.cluster,
      space: space.space,
      jobId: transition.job.id,
      from: transition.from ?? '',
      to: transition.to,
      at: now.getTime(),
      actorId: action ? this.deps.audit.lastExecutedBy(space, transition.job.id, action, since) : null,
      ...(cancelReported ? { cancelReported } : {}),
    };
  }

  /** Each cluster's outage is its own: its channels hear it is out of reach, and back, once. */
  private trackOutage(cluster: string, reachable: boolean, reason: string, fence: LeaseTerm): number {
    const { store } = this.deps;
    const now = this.deps.now();
    const notifiedAt = store.outageNotifiedAt(cluster);
    if (reachable) {
      this.unreachablePolls.set(cluster, 0);
      if (!notifiedAt) return 0;
      const outbox = store
        .subscribedChannels(cluster, now)
        .map((channelId): OutboxEntry => ({ channelId, notice: { kind: 'reachable', cluster, downSince: notifiedAt.getTime(), at: now.getTime() } }));
      store.commitOutage(cluster, null, outbox, now, fence);
      return outbox.length;
    }
    const polls = (this.unreachablePolls.get(cluster) ?? 0) + 1;
    this.unreachablePolls.set(cluster, polls);
    if (notifiedAt || polls < (this.deps.outageAfter ?? 3)) return 0;
    const outbox = store.subscribedChannels(cluster, now).map((channelId): OutboxEntry => ({ channelId, notice: { kind: 'outage', cluster, since: now.getTime(), reason } }));
    store.commitOutage(cluster, now, outbox, now, fence);
    return outbox.length;
  }
}
