import type { Logger } from '../logging/logger';
import { DeliveryHold, type DeliveryPause } from './delivery-hold';
import { DeliveryError, type DeliveryFailure, type NoticePoster } from './notice-poster';
import type { Notice } from './notices';
import type { DroppedSummary, OutboxRow, OutboxStore, SentMark } from './outbox';

export type { DeliveryPause };

export interface OutboxSenderDeps {
  store: OutboxStore;
  poster: NoticePoster;
  now: () => Date;
  logger: Logger;
  /** Whether this process may deliver now: only the poller lease holder does, so two never send one row. */
  mayDeliver?: () => boolean;
  /** Backoff after a failure doubles from baseBackoffMs up to maxBackoffMs, and retries go on forever. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** Channels posted to at once. */
  concurrency?: number;
}

/** Posts answered not_in_channel right after a successful join before the message is dropped. */
export const NOT_IN_CHANNEL_TRIES = 6;
/** A channel is joined at most this often for one message. */
export const JOIN_AGAIN_AFTER_MS = 10 * 60_000;
/** A database that cannot be written is retried at least this often, so a freed disk is noticed soon. */
const STORE_RETRY_CAP_MS = 60_000;

/** An error's code and message (`SQLITE_FULL: database or disk is full`); not by instanceof, which fails across realms. */
function messageOf(error: unknown): string {
  const e = error as { message?: unknown; code?: unknown } | null;
  const message = typeof e?.message === 'string' ? e.message : String(error);
  return typeof e?.code === 'string' && !message.includes(e.code) ? `${e.code}: ${message}` : message;
}

function failureOf(error: unknown): DeliveryFailure {
  return error instanceof DeliveryError ? error.failure : { kind: 'transient', error: messageOf(error) };
}

/** The alert threads a message opens: an alert's own (redrawn later), or each job's of a digest (not redrawn). */
function threadsOf(notice: Notice): SentMark['threads'] {
  switch (notice.kind) {
    case 'alert':
    case 'stuck':
      return [{ cluster: notice.alert.cluster, space: notice.alert.space, jobId: notice.alert.job.id, alert: notice.alert }];
    case 'digest':
    case 'stuck-digest':
      return notice.alerts.map((alert) => ({ cluster: alert.cluster, space: alert.space, jobId: alert.job.id, alert: null }));
    default:
      return [];
  }
}

/**
 * Posts the outbox, oldest first in each channel, channels independently (a hung call holds only
 * its own channel). A message is marked sent the moment Slack accepts it; if that mark cannot be
 * written, the sender remembers the delivery, never posts it again, and keeps retrying the mark.
 * Rate limits wait for Retry-After; 5xx and network errors back off and retry forever; a refused
 * token or an unwritable database pauses every channel until it is fixed; `not_in_channel` joins
 * (a bounded number of times); only errors that can never succeed drop a message.
 */
export class OutboxSender {
  private readonly inFlight = new Map<string, Promise<void>>();
  /** Messages Slack accepted whose sent mark is not written yet: never posted again. */
  private readonly accepted = new Map<number, SentMark>();
  /** Per message: when its channel was last joined, and how many posts were refused since. */
  private readonly joins = new Map<number, { at: number; refusals: number }>();
  private readonly hold: DeliveryHold;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly deps: OutboxSenderDeps) {
    this.hold = new DeliveryHold({
      now: deps.now,
      logger: deps.logger,
      backoffMs: (retries, cause) => this.backoffMs(retries, cause === 'store' ? Math.min(STORE_RETRY_CAP_MS, this.maxBackoffMs) : this.maxBackoffMs),
      onDue: () => this.pump(),
    });
  }

  /** Sends whatever is due now; called after each poll, when a retry comes due, and when a send ends. */
  kick(): void {
    this.pump();
  }

  /** Resolves once nothing is being sent; used by tests and shutdown. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight.values()]);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimer();
    this.hold.stop();
    await this.idle();
  }

  backlog(): number {
    return this.deps.store.pendingCount();
  }

  /** Backlog, pause and dropped messages, for /healthz. */
  health(): { backlog: number; pause: DeliveryPause | null; dropped: DroppedSummary } {
    const pause = this.pause();
    try {
      return { backlog: this.backlog(), pause, dropped: this.deps.store.dropped() };
    } catch (error) {
      // The database cannot even be read: say so, as a pause would.
      return { backlog: 0, pause: pause ?? { cause: 'store', since: this.deps.now(), error: messageOf(error), retries: 0 }, dropped: { count: 0, latest: null } };
    }
  }

  /** Why delivery is on hold, or null while it runs. */
  pause(): DeliveryPause | null {
    return this.hold.current();
  }

  private get maxBackoffMs(): number {
    return this.deps.maxBackoffMs ?? 300_000;
  }

  private backoffMs(attempts: number, cap = this.maxBackoffMs): number {
    return Math.min((this.deps.baseBackoffMs ?? 1000) * 2 ** Math.min(attempts, 30), cap);
  }

  /**
   * How long a row still has to wait. No stored wait is ever longer than the longest backoff,
   * so a row whose due time lies further ahead was scheduled before the clock stepped back: due now.
   */
  private waitOf(row: OutboxRow, now: number): number {
    const wait = row.nextAttemptAt.getTime() - now;
    return wait > this.maxBackoffMs ? 0 : Math.max(0, wait);
  }

  private pump(): void {
    if (this.stopped) return;
    if (this.hold.blocking) return;
    if (!this.mayDeliverNow()) {
      this.clearTimer(); // standing by: the poller kicks this process if it takes the lease over
      return;
    }
    if (this.hold.cause === 'store' && this.accepted.size > 0) {
      this.hold.probing();
      if (!this.writeAcceptedMarks()) return;
      this.hold.resume();
    }
    const heads = this.read(() => this.deps.store.heads());
    if (!heads) return;
    const now = this.deps.now().getTime();
    let soonest = Infinity;
    let started = false;
    for (const row of heads) {
      if (this.inFlight.has(row.channelId) || this.accepted.has(row.id)) continue;
      const wait = this.waitOf(row, now);
      if (wait > 0) {
        soonest = Math.min(soonest, wait);
        continue;
      }
      if (this.hold.cause) {
        // On hold: one message tests whether the problem is gone, once nothing else is out.
        if (this.inFlight.size === 0) {
          this.hold.probing();
          this.start(row);
        }
        started = true;
        break;
      }
      if (this.inFlight.size >= (this.deps.concurrency ?? 8)) break; // a send ending pumps again
      this.start(row);
    }
    // On hold with nothing to test it with: nothing to deliver, so nothing is held up.
    if (this.hold.cause && !started && this.inFlight.size === 0) this.hold.resume();
    this.schedule(soonest);
  }

  private start(row: OutboxRow): void {
    const work = this.send(row)
      .catch((error: unknown) => this.storeFailed(error))
      .finally(() => {
        this.inFlight.delete(row.channelId);
        this.pump();
      });
    this.inFlight.set(row.channelId, work);
  }

  private schedule(waitMs: number): void {
    this.clearTimer();
    if (!Number.isFinite(waitMs)) return;
    this.timer = setTimeout(() => this.pump(), waitMs);
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private mayDeliverNow(): boolean {
    try {
      return this.deps.mayDeliver?.() ?? true;
    } catch (error) {
      this.storeFailed(error); // renewing the lease is a write too
      return false;
    }
  }

  private async send(row: OutboxRow): Promise<void> {
    const { notice } = row;
    const followUp = notice.kind === 'follow-up' ? notice.followUp : null;
    const thread = followUp ? this.read(() => this.deps.store.alertThread(row.channelId, followUp, followUp.jobId)) : null;
    if (thread === undefined) return;
    // The job follower's notes carry their own thread (an approval request's, a watched copy's).
    const ownThread = notice.kind === 'job-followed' ? (notice.note.threadTs ?? undefined) : undefined;
    let ts: string;
    try {
      ts = await this.deps.poster.post(row.channelId, notice, thread?.ts ?? ownThread);
    } catch (error) {
      await this.failed(row, failureOf(error));
      return;
    }
    if (this.hold.cause === 'slack-auth') this.hold.resume();
    this.joins.delete(row.id);
    const at = this.deps.now();
    const mark: SentMark = {
      ts,
      at,
      threads: threadsOf(notice),
      ...(followUp && thread ? { repliedIn: { cluster: followUp.cluster, space: followUp.space, jobId: followUp.jobId, close: followUp.to === 'FINISHED' } } : {}),
    };
    // From here on the message is delivered, whatever the store says: it is never posted again.
    this.accepted.set(row.id, mark);
    const recorded = this.write(() => this.deps.store.markSent(row.id, mark));
    if (recorded) this.accepted.delete(row.id);
    this.deps.logger.info('outbox.sent', { id: row.id, channel: row.channelId, kind: notice.kind, attempts: row.attempts + 1, recorded });
    if (followUp && thread?.alert) {
      // Redrawing the status line is idempotent and cosmetic: a failure is only logged.
      await this.deps.poster
        .updateAlert(row.channelId, thread.ts, thread.alert, followUp)
        .catch((error: unknown) => this.deps.logger.warn('outbox.alert_update_failed', { channel: row.channelId, reason: failureOf(error) }));
    }
  }

  private async failed(row: OutboxRow, failure: DeliveryFailure): Promise<void> {
    const now = this.deps.now().getTime();
    const { logger, store } = this.deps;
    if (failure.kind === 'auth') {
      this.hold.authRefused(failure.error);
      return;
    }
    if (this.hold.cause === 'slack-auth') {
      // A network error or 5xx says nothing about the token: stay on hold. Any other answer accepted it.
      if (failure.kind === 'transient') {
        if (this.hold.testing) this.hold.retryLater();
        return;
      }
      this.hold.resume();
    }
    switch (failure.kind) {
      case 'rate-limited':
        // Not a failure of ours: it does not count towards the backoff.
        this.write(() => store.markRetry(row.id, new Date(now + Math.min(failure.retryAfterMs, this.maxBackoffMs)), 'rate limited', false));
        return;
      case 'not-in-channel':
        await this.notInChannel(row, now);
        return;
      case 'transient': {
        const backoff = this.backoffMs(row.attempts);
        if (failure.outcomeUnknown) {
          logger.warn('outbox.outcome_unknown', { id: row.id, channel: row.channelId, reason: failure.error, note: 'Slack may have shown it; posting it again' });
        }
        this.write(() => store.markRetry(row.id, new Date(now + backoff), failure.error));
        logger.warn('outbox.retry', { id: row.id, channel: row.channelId, reason: failure.error, attempts: row.attempts + 1, inMs: backoff });
        return;
      }
      case 'permanent':
        this.drop(row, failure.error);
        return;
    }
  }

  /** Joins (a public channel) and retries at once; a channel that still refuses backs off, then is given up. */
  private async notInChannel(row: OutboxRow, now: number): Promise<void> {
    const joined = this.joins.get(row.id);
    if (!joined || Math.abs(now - joined.at) >= JOIN_AGAIN_AFTER_MS) {
      try {
        await this.deps.poster.join(row.channelId);
      } catch (error) {
        const failure = failureOf(error);
        if (failure.kind === 'permanent') {
          this.drop(row, `not_in_channel; join failed: ${failure.error} (private channel? invite the bot)`);
        } else {
          await this.failed(row, failure);
        }
        return;
      }
      this.joins.set(row.id, { at: now, refusals: joined?.refusals ?? 0 });
      this.write(() => this.deps.store.markRetry(row.id, new Date(now), 'joined channel', false));
      return;
    }
    joined.refusals += 1;
    if (joined.refusals >= NOT_IN_CHANNEL_TRIES) {
      this.drop(row, `not_in_channel after joining the channel (${joined.refusals} posts refused)`);
      return;
    }
    this.write(() => this.deps.store.markRetry(row.id, new Date(now + this.backoffMs(row.attempts)), 'not_in_channel after joining'));
  }

  private drop(row: OutboxRow, reason: string): void {
    this.joins.delete(row.id);
    if (this.write(() => this.deps.store.markDropped(row.id, reason, this.deps.now()))) {
      this.deps.logger.error('outbox.dropped', { id: row.id, channel: row.channelId, kind: row.notice.kind, reason });
    }
  }

  // ---- the store ------------------------------------------------------------------------

  /** A store write; false (and delivery paused) when it failed. */
  private write(change: () => void): boolean {
    try {
      change();
    } catch (error) {
      this.storeFailed(error);
      return false;
    }
    if (this.hold.cause === 'store' && this.hold.testing) this.hold.resume();
    return true;
  }

  /** A store read; undefined (and delivery paused) when it failed. */
  private read<T>(query: () => T): T | undefined {
    try {
      return query();
    } catch (error) {
      this.storeFailed(error);
      return undefined;
    }
  }

  private writeAcceptedMarks(): boolean {
    for (const [id, mark] of this.accepted) {
      if (!this.write(() => this.deps.store.markSent(id, mark))) return false;
      this.accepted.delete(id);
    }
    return true;
  }

  private storeFailed(error: unknown): void {
    this.hold.storeFailed(messageOf(error), this.accepted.size);
  }
}
