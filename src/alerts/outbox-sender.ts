import { Logger } from '../logging/logger';
import { eachConcurrently } from '../scheduling/each-concurrently';
import { DeliveryError, DeliveryFailure, NoticePoster } from './notice-poster';
import { OutboxRow, OutboxStore } from './outbox';

export interface OutboxSenderDeps {
  store: OutboxStore;
  poster: NoticePoster;
  now: () => Date;
  logger: Logger;
  /** Whether this process may deliver now: only the poller lease holder does, so two never send one row. */
  mayDeliver?: () => boolean;
  /** Give up on transient errors after this many attempts; backoff doubles from baseBackoffMs up to maxBackoffMs. */
  maxAttempts?: number;
  baseBackoffMs?: number;
  maxBackoffMs?: number;
}

function failureOf(error: unknown): DeliveryFailure {
  return error instanceof DeliveryError ? error.failure : { kind: 'transient', error: error instanceof Error ? error.message : String(error) };
}

/**
 * Posts the outbox, oldest first in each channel, channels in parallel. A message is marked sent
 * the moment Slack accepts it, so a crash can repeat at most the message in flight. Rate limits
 * wait for Retry-After; 5xx and network errors back off; `not_in_channel` joins and retries;
 * anything else is recorded as failed and logged, not retried forever.
 */
export class OutboxSender {
  private draining: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  /** Another process holds the lease and delivers; the poller kicks this one if it takes over. */
  private standingBy = false;

  constructor(private readonly deps: OutboxSenderDeps) {}

  /** Sends whatever is due now; called after each poll and when a retry comes due. */
  kick(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain().finally(() => {
      this.draining = null;
      if (this.again) {
        this.again = false;
        this.kick();
      } else {
        this.scheduleNext();
      }
    });
  }

  /** Resolves once nothing is being sent; used by tests and shutdown. */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.idle();
  }

  backlog(): number {
    return this.deps.store.pendingCount();
  }

  private scheduleNext(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.stopped || this.standingBy) return;
    const next = this.deps.store.nextAttemptAt();
    if (!next) return;
    const wait = Math.max(0, next.getTime() - this.deps.now().getTime());
    this.timer = setTimeout(() => this.kick(), wait);
    this.timer.unref();
  }

  private async drain(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      this.standingBy = !(this.deps.mayDeliver?.() ?? true);
      if (this.standingBy) return;
      const due = this.deps.store.due(this.deps.now());
      if (due.length === 0) return;
      await eachConcurrently(due, 8, (row) => this.send(row));
    }
  }

  private async send(row: OutboxRow): Promise<void> {
    try {
      await this.deliver(row);
      this.deps.logger.info('outbox.sent', { id: row.id, channel: row.channelId, kind: row.notice.kind, attempts: row.attempts + 1 });
    } catch (error) {
      await this.failed(row, failureOf(error));
    }
  }

  private async deliver(row: OutboxRow): Promise<void> {
    const { notice } = row;
    const { store, poster } = this.deps;
    const at = (): Date => this.deps.now();
    if (notice.kind === 'follow-up') {
      const { followUp } = notice;
      const thread = store.alertThread(row.channelId, followUp.space, followUp.jobId);
      const ts = await poster.post(row.channelId, notice, thread?.ts);
      store.markSent(row.id, ts, at(), []);
      if (thread?.alert) {
        // Redrawing the status line is idempotent and cosmetic: a failure is only logged.
        await poster
          .updateAlert(row.channelId, thread.ts, thread.alert, followUp)
          .catch((error: unknown) => this.deps.logger.warn('outbox.alert_update_failed', { channel: row.channelId, reason: failureOf(error) }));
      }
      if (followUp.to === 'FINISHED') store.closeThread(row.channelId, followUp.space, followUp.jobId);
      return;
    }
    const ts = await poster.post(row.channelId, notice);
    const threads =
      notice.kind === 'alert'
        ? [{ space: notice.alert.space, jobId: notice.alert.job.id, alert: notice.alert }]
        : notice.kind === 'digest'
          ? notice.alerts.map((alert) => ({ space: alert.space, jobId: alert.job.id, alert: null }))
          : [];
    store.markSent(row.id, ts, at(), threads);
  }

  private async failed(row: OutboxRow, failure: DeliveryFailure): Promise<void> {
    const now = this.deps.now().getTime();
    const { logger, store } = this.deps;
    switch (failure.kind) {
      case 'rate-limited':
        // Not a failure of ours: it does not count towards giving up, nor lengthen the backoff.
        store.markRetry(row.id, new Date(now + failure.retryAfterMs), 'rate limited', false);
        return;
      case 'not-in-channel':
        try {
          // Public channels only; a private one must invite the bot.
          await this.deps.poster.join(row.channelId);
          store.markRetry(row.id, new Date(now), 'joined channel', false);
        } catch (error) {
          const reason = failureOf(error);
          store.markFailed(row.id, `not_in_channel; join failed: ${'error' in reason ? reason.error : reason.kind}`);
          logger.error('outbox.failed', { id: row.id, channel: row.channelId, reason: 'not_in_channel and cannot join (private channel? invite the bot)' });
        }
        return;
      case 'transient': {
        if (row.attempts + 1 >= (this.deps.maxAttempts ?? 20)) {
          store.markFailed(row.id, failure.error);
          logger.error('outbox.gave_up', { id: row.id, channel: row.channelId, reason: failure.error, attempts: row.attempts + 1 });
          return;
        }
        const backoff = Math.min((this.deps.baseBackoffMs ?? 1000) * 2 ** row.attempts, this.deps.maxBackoffMs ?? 300_000);
        store.markRetry(row.id, new Date(now + backoff), failure.error);
        logger.warn('outbox.retry', { id: row.id, channel: row.channelId, reason: failure.error, inMs: backoff });
        return;
      }
      case 'permanent':
        store.markFailed(row.id, failure.error);
        logger.error('outbox.failed', { id: row.id, channel: row.channelId, reason: failure.error });
        return;
    }
  }
}
