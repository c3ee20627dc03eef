import type { JobDetail } from '../jobs/job';
import { isJobsError } from '../jobs/jobs-error';
import type { JobsGateway } from '../jobs/jobs-gateway';
import { listJobs } from '../jobs/list-jobs';
import { type JobView, jobViewOf } from '../jobs/show-job';
import { judgeStop, judgeStopUnread, type StopVerdict } from '../jobs/stop-settlement';
import type { StuckJudge } from '../jobs/stuck-rule';
import { detailFingerprint, isOngoing, judgeWatch, judgeWatchUnread, type WatchVerdict } from '../jobs/watch-outcome';
import type { Logger } from '../logging/logger';
import { type ScheduledTask, scheduleTask } from '../scheduling/scheduled-task';
import { type SpaceRef, spaceKey } from '../spaces/space-ref';
import { type FollowDisplay, type RefreshLook, refreshLook, type WatchEnding } from './follow-display';
import { type Follow, type FollowStore, type ListRefresh, type ListRefreshStore, RESPONSE_URL_REFRESH_MS, type StopFollow, type Watch } from './follows';
import { LeaseLost, type LeaseTerm } from './lease';
import { listingFingerprint, planRefresh } from './list-refresh-plan';
import { DeliveryError } from './notice-poster';
import type { FollowEvent, OutboxEntry } from './notices';
import { RedrawPacer } from './redraw-pacer';

/** A stopped job is looked at this often until its tasks settle. */
export const STOP_CHECK_MS = 10_000;
/** A watched job is looked at this often. */
export const WATCH_CHECK_MS = 30_000;
/** A watched detail whose content did not change is still redrawn this often (its durations move). */
export const WATCH_REDRAW_MS = 2 * 60_000;
/** Jobs read from graphd in one run at most; the others wait for the next run. */
const READS_PER_RUN = 10;
/** Cosmetic redraws a minute, all messages together. */
const REDRAWS_PER_MINUTE = 30;

export interface FollowerDeps {
  gateway: JobsGateway;
  follows: FollowStore;
  refreshes: ListRefreshStore;
  display: FollowDisplay;
  /** The poller's lease: only its holder follows, so a note is never queued twice. */
  lease: { hold(): boolean; fence(): LeaseTerm | null; lost(): void };
  now: () => Date;
  logger: Logger;
  /** Called when notes were queued, so the outbox sends them. */
  afterCommit: () => void;
  pacer?: RedrawPacer;
  /** Marks stuck jobs in the lists and watched jobs it redraws, as those drawn for a click are. */
  stuck?: StuckJudge;
}

export interface FollowReport {
  jobsRead: number;
  notes: number;
  redraws: number;
  leaseLost: boolean;
}

type Read = { detail: JobDetail | null } | { failed: string };

const jobKey = (follow: Follow): string => `${spaceKey(follow)}\u0000${follow.jobId}`;

/**
 * The job follower: one scheduled task, run only in the process holding the poller lease (like
 * the outbox sender). It reads SHOW JOB for the few jobs it follows (never a whole space),
 * decides with the pure rules of jobs/stop-settlement.ts and jobs/watch-outcome.ts, and writes
 * each note to the outbox in the transaction that ends (or marks) the follow: exactly once, as
 * alerts are. Redraws of watched details and auto-refreshing lists are cosmetic: straight to
 * Slack, paced, and only remembered in memory (a new lease term draws them again).
 */
export class JobFollower {
  private readonly nextCheck = new Map<number, number>();
  private readonly drawn = new Map<number, { fingerprint: string; at: number }>();
  private readonly refreshDue = new Map<number, number>();
  private readonly pacer: RedrawPacer;
  private task: ScheduledTask | null = null;
  private term: number | null = null;

  constructor(private readonly deps: FollowerDeps) {
    this.pacer = deps.pacer ?? new RedrawPacer(REDRAWS_PER_MINUTE, deps.now);
  }

  start(schedule: string): void {
    this.task = scheduleTask('job-follower', schedule, async () => void (await this.runOnce()), this.deps.logger);
  }

  async stop(): Promise<void> {
    await this.task?.stop();
  }

  /** One run now (the schedule calls this; tests too). Null when another process holds the lease. */
  async runOnce(): Promise<FollowReport | null> {
    let fence: LeaseTerm | null;
    try {
      fence = this.deps.lease.hold() ? this.deps.lease.fence() : null;
    } catch (error) {
      this.deps.logger.warn('follower.lease_unreadable', { error });
      return null;
    }
    if (!fence) return null;
    if (fence.term !== this.term) {
      // Another process may have followed meanwhile: look at everything afresh.
      this.nextCheck.clear();
      this.drawn.clear();
      this.refreshDue.clear();
      this.term = fence.term;
    }
    const report: FollowReport = { jobsRead: 0, notes: 0, redraws: 0, leaseLost: false };
    try {
      await this.followJobs(fence, report);
    } catch (error) {
      if (error instanceof LeaseLost) {
        this.deps.logger.warn('follower.lease_lost', { term: fence.term, note: 'another process took the poller lease; nothing more is written' });
        this.deps.lease.lost();
        report.leaseLost = true;
      } else {
        // The database refused (busy, full): nothing of this follow was written; the next run tries again.
        this.deps.logger.warn('follower.failed', { error });
      }
    }
    if (report.notes > 0) this.deps.afterCommit();
    if (!report.leaseLost) await this.refreshLists(report);
    return report;
  }

  // ---- stops and watches ----------------------------------------------------------------

  private async followJobs(fence: LeaseTerm, report: FollowReport): Promise<void> {
    const now = this.deps.now().getTime();
    const follows = this.deps.follows.all();
    const live = new Set(follows.map((f) => f.id));
    for (const id of [...this.nextCheck.keys()]) if (!live.has(id)) this.forget(id);
    const byJob = new Map<string, Follow[]>();
    const due = follows.filter((f) => (this.nextCheck.get(f.id) ?? 0) <= now).sort((a, b) => (this.nextCheck.get(a.id) ?? 0) - (this.nextCheck.get(b.id) ?? 0));
    for (const follow of due) byJob.set(jobKey(follow), [...(byJob.get(jobKey(follow)) ?? []), follow]);
    for (const group of [...byJob.values()].slice(0, READS_PER_RUN)) {
      const read = await this.read(group[0], group[0].jobId);
      report.jobsRead += 1;
      for (const follow of group) {
        if (follow.kind === 'stop') this.followStop(follow, read, fence, report);
        else await this.followWatch(follow, read, fence, report);
      }
    }
  }

  private async read(ref: SpaceRef, jobId: number): Promise<Read> {
    try {
      return { detail: await this.deps.gateway.showJob(ref, jobId) };
    } catch (error) {
      // graphd answered that the job (or its space) is gone: an answer, not a failure to read.
      if (isJobsError(error) && (error.kind === 'job-not-found' || error.kind === 'space-not-found')) return { detail: null };
      return { failed: error instanceof Error ? error.message : String(error) };
    }
  }

  private followStop(follow: StopFollow, read: Read, fence: LeaseTerm, report: FollowReport): void {
    const now = this.deps.now();
    const state = { stoppedAt: follow.startedAt, warnedAt: follow.warnedAt, until: follow.until };
    const verdict: StopVerdict = 'failed' in read ? judgeStopUnread(state, now) : judgeStop(read.detail, state, now);
    const command = 'detail' in read ? (read.detail?.job.command ?? null) : null;
    switch (verdict.kind) {
      case 'wait':
        this.nextCheck.set(follow.id, now.getTime() + STOP_CHECK_MS);
        return;
      case 'still-running':
        this.deps.follows.markWarned(follow.id, now, this.noteOf(follow, command, { follow: 'stop', event: verdict }), fence);
        report.notes += 1;
        this.deps.logger.info('follower.stop_still_running', { cluster: follow.cluster, space: follow.space, job: follow.jobId, tasks: verdict.atWork });
        this.nextCheck.set(follow.id, now.getTime() + STOP_CHECK_MS);
        return;
      case 'end':
        if (this.deps.follows.end(follow.id, this.noteOf(follow, command, { follow: 'stop', event: verdict.outcome }), now, fence)) {
          report.notes += 1;
          this.deps.logger.info('follower.stop_followed', { cluster: follow.cluster, space: follow.space, job: follow.jobId, outcome: verdict.outcome.kind });
        }
        this.forget(follow.id);
    }
  }

  private async followWatch(watch: Watch, read: Read, fence: LeaseTerm, report: FollowReport): Promise<void> {
    const now = this.deps.now();
    const verdict: WatchVerdict = 'failed' in read ? judgeWatchUnread(watch, now) : judgeWatch(read.detail, watch, now);
    const detail = 'detail' in read ? read.detail : null;
    if (verdict.kind === 'wait') {
      this.nextCheck.set(watch.id, now.getTime() + WATCH_CHECK_MS);
      if (detail) await this.redrawWatch(watch, detail, null, report);
      return;
    }
    const note = this.noteOf(watch, detail?.job.command ?? watch.command, { follow: 'watch', event: verdict.outcome });
    const ended = this.deps.follows.end(watch.id, note, now, fence);
    this.forget(watch.id);
    if (!ended) return;
    report.notes += 1;
    this.deps.logger.info('follower.watch_ended', { cluster: watch.cluster, space: watch.space, job: watch.jobId, outcome: verdict.outcome.kind });
    // The watched copy shows how it ended (cosmetic: the note in its thread is what counts).
    if (detail) await this.redrawWatch(watch, detail, verdict.outcome, report);
  }

  /** A stop's or a watch's note for the outbox: to the channel it notifies, in its thread if it has one. */
  private noteOf(follow: Follow, command: string | null, told: FollowEvent): OutboxEntry[] {
    const base = {
      cluster: follow.cluster,
      space: follow.space,
      jobId: follow.jobId,
      command,
      userId: follow.userId,
      approverId: follow.kind === 'stop' ? follow.approverId : null,
      threadTs: follow.notify.threadTs,
      at: this.deps.now().getTime(),
    };
    return [{ channelId: follow.notify.channel, notice: { kind: 'job-followed', note: { ...base, ...told } } }];
  }

  /** Redraws a watched detail when it changed (or its durations are stale); the last look always. */
  private async redrawWatch(watch: Watch, detail: JobDetail, ended: WatchEnding | null, report: FollowReport): Promise<void> {
    if (!watch.message) return;
    const now = this.deps.now();
    const fingerprint = detailFingerprint(detail);
    const last = this.drawn.get(watch.id);
    const stale = !last || last.fingerprint !== fingerprint || now.getTime() - last.at >= WATCH_REDRAW_MS;
    if (!ended && (!stale || !this.pacer.take())) return;
    // The space's other jobs are not read here: a queued job gets no stuck hint, and an ended one
    // no Recover (that needs them), so only Stop is ever offered on a watched copy.
    const shown = jobViewOf(watch, detail, [], this.deps.gateway.serverFacts(watch.cluster), now, ended ? undefined : this.deps.stuck);
    const view: JobView = isOngoing(detail.job.status) ? shown : { ...shown, actions: [] };
    try {
      await this.deps.display.drawWatch(watch.message, view, { watcherId: watch.userId, until: watch.until, ended });
      // The last look of an ended watch is not remembered: nothing will redraw it again.
      if (ended) this.drawn.delete(watch.id);
      else this.drawn.set(watch.id, { fingerprint, at: now.getTime() });
      report.redraws += 1;
    } catch (error) {
      this.cosmeticFailed('follower.watch_redraw_failed', error, { watch: watch.id });
    }
  }

  private forget(id: number): void {
    this.nextCheck.delete(id);
    this.drawn.delete(id);
  }

  // ---- auto-refreshing lists ------------------------------------------------------------

  private async refreshLists(report: FollowReport): Promise<void> {
    let refreshes: ListRefresh[];
    try {
      refreshes = this.deps.refreshes.all();
    } catch (error) {
      this.deps.logger.warn('follower.refreshes_unreadable', { error });
      return;
    }
    const live = new Set(refreshes.map((r) => r.id));
    for (const id of [...this.refreshDue.keys()]) if (!live.has(id)) this.refreshDue.delete(id);
    for (const refresh of refreshes) {
      const now = this.deps.now();
      if ((this.refreshDue.get(refresh.id) ?? 0) > now.getTime()) continue;
      // Never past its end: a list only its reader sees must say it stopped while its response_url works.
      this.refreshDue.set(refresh.id, Math.min(now.getTime() + refresh.everyMs, refresh.until.getTime()));
      try {
        await this.refreshList(refresh, now, report);
      } catch (error) {
        this.deps.logger.warn('follower.refresh_failed', { refresh: refresh.id, error });
      }
    }
  }

  private async refreshList(refresh: ListRefresh, now: Date, report: FollowReport): Promise<void> {
    const store = this.deps.refreshes;
    let listing: Awaited<ReturnType<typeof listJobs>>;
    try {
      listing = await listJobs(this.deps.gateway, refresh.list, this.deps.now, this.deps.stuck);
    } catch (error) {
      // graphd unreadable: the message keeps what it shows; past its time the refresh just ends.
      if (now.getTime() >= refresh.until.getTime()) store.remove(refresh.id);
      this.deps.logger.debug('follower.list_unread', { refresh: refresh.id, error });
      return;
    }
    const fingerprint = listingFingerprint(listing);
    const step = planRefresh({ now, until: refresh.until, changed: fingerprint !== refresh.drawn, surface: refresh.surface, usesLeft: refresh.usesLeft });
    if (step.kind === 'skip') return;
    if (step.kind === 'end' && !step.draw) {
      store.remove(refresh.id);
      return;
    }
    if (step.kind === 'redraw' && !this.pacer.take()) {
      this.refreshDue.set(refresh.id, now.getTime() + 5_000);
      return;
    }
    const limited = refresh.surface === 'response-url';
    const usesLeft = limited ? refresh.usesLeft - 1 : refresh.usesLeft;
    // The use is counted before it is made: a crash in between loses a use, never exceeds Slack's limit.
    // What is drawn is recorded only once Slack took it, so a failed redraw is tried again.
    if (limited) store.update(refresh.id, { usesLeft });
    const look: RefreshLook =
      step.kind === 'end' ? { kind: 'ended', reason: step.reason, afterMs: now.getTime() - refresh.startedAt.getTime() } : refreshLook({ ...refresh, usesLeft });
    try {
      await this.deps.display.drawList({ ...refresh, usesLeft }, listing, look);
      if (limited) store.update(refresh.id, { drawn: fingerprint });
      report.redraws += 1;
    } catch (error) {
      const failure = error instanceof DeliveryError ? error.failure : null;
      if (failure?.kind === 'rate-limited') {
        this.pacer.pause(failure.retryAfterMs);
        return;
      }
      if (failure?.kind === 'permanent' || failure?.kind === 'not-in-channel' || failure?.kind === 'auth') {
        // A message the bot may not update (a slash command's shared answer, say) falls back to the response_url.
        if (refresh.surface === 'message' && refresh.responseUrl && refresh.usesLeft > 1) {
          const until = new Date(Math.min(refresh.until.getTime(), refresh.startedAt.getTime() + RESPONSE_URL_REFRESH_MS));
          store.update(refresh.id, { surface: 'response-url', drawn: null, until });
          this.refreshDue.set(refresh.id, now.getTime());
        } else {
          store.remove(refresh.id);
        }
        this.deps.logger.info('follower.refresh_given_up', { refresh: refresh.id, reason: 'error' in failure ? failure.error : failure.kind });
        return;
      }
      this.cosmeticFailed('follower.list_redraw_failed', error, { refresh: refresh.id });
      return;
    }
    if (step.kind === 'end') store.remove(refresh.id);
  }

  private cosmeticFailed(event: string, error: unknown, fields: Record<string, unknown>): void {
    const failure = error instanceof DeliveryError ? error.failure : null;
    if (failure?.kind === 'rate-limited') this.pacer.pause(failure.retryAfterMs);
    this.deps.logger.warn(event, { ...fields, reason: failure ?? (error instanceof Error ? error.message : String(error)) });
  }
}
