import type { webApi } from '@slack/bolt';
import { Logger } from '../logging/logger';
import { eachConcurrently } from '../scheduling/each-concurrently';
import { alertMessage, digestMessage, followUpMessage, followUpNote, outageMessage, reachableMessage } from './blocks/alert';
import { SlackMessage } from './blocks/message';
import { OutboxRow, OutboxStore } from './outbox-store';

export interface OutboxSenderDeps {
  store: OutboxStore;
  /** A client that fails fast: rejectRateLimitedCalls and no retries of its own. */
  client: webApi.WebClient;
  now: () => Date;
  logger: Logger;
  /** Whether this process may deliver now: only the poller lease holder does, so two never send one row. */
  mayDeliver?: () => boolean;
  /** Give up on transient errors after this many attempts; backoff doubles from baseBackoffMs up to maxBackoffMs. */
  maxAttempts?: number;
  baseBackoffMs?: number;
  maxBackoffMs?: number;
}

type Failure =
  | { kind: 'rate-limited'; retryAfterMs: number }
  | { kind: 'not-in-channel' }
  | { kind: 'transient'; error: string }
  | { kind: 'permanent'; error: string };

/** Slack answers that mean "try again later" rather than "this will never work". */
const TRANSIENT_PLATFORM_ERRORS = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'ratelimited']);

function classify(error: unknown): Failure {
  const e = error as { code?: string; retryAfter?: number; statusCode?: number; data?: { error?: string }; message?: string };
  if (e.code === 'slack_webapi_rate_limited_error') return { kind: 'rate-limited', retryAfterMs: Math.max(1, e.retryAfter ?? 1) * 1000 };
  if (e.code === 'slack_webapi_platform_error') {
    const reason = e.data?.error ?? 'unknown_error';
    if (reason === 'not_in_channel') return { kind: 'not-in-channel' };
    return TRANSIENT_PLATFORM_ERRORS.has(reason) ? { kind: 'transient', error: reason } : { kind: 'permanent', error: reason };
  }
  if (e.code === 'slack_webapi_http_error') {
    const status = e.statusCode ?? 0;
    return status >= 500 || status === 408 ? { kind: 'transient', error: `HTTP ${status}` } : { kind: 'permanent', error: `HTTP ${status}` };
  }
  return { kind: 'transient', error: e.message ?? 'network error' };
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
      await this.failed(row, classify(error));
    }
  }

  private async deliver(row: OutboxRow): Promise<void> {
    const { notice } = row;
    const at = (): Date => this.deps.now();
    switch (notice.kind) {
      case 'alert': {
        const ts = await this.post(row.channelId, alertMessage(notice.alert));
        this.deps.store.markSent(row.id, ts, at(), [{ space: notice.alert.space, jobId: notice.alert.job.id, alert: notice.alert }]);
        return;
      }
      case 'digest': {
        const ts = await this.post(row.channelId, digestMessage(notice.alerts));
        this.deps.store.markSent(row.id, ts, at(), notice.alerts.map((alert) => ({ space: alert.space, jobId: alert.job.id, alert: null })));
        return;
      }
      case 'follow-up': {
        const { followUp } = notice;
        const thread = this.deps.store.alertThread(row.channelId, followUp.space, followUp.jobId);
        const ts = await this.post(row.channelId, followUpMessage(followUp), thread?.ts);
        this.deps.store.markSent(row.id, ts, at(), []);
        if (thread?.alert) {
          // Redrawing the status line is idempotent and cosmetic: a failure is only logged.
          await this.deps.client.chat
            .update({ channel: row.channelId, ts: thread.ts, ...message(alertMessage(thread.alert, { status: followUp.to, note: followUpNote(followUp) })) })
            .catch((error: unknown) => this.deps.logger.warn('outbox.alert_update_failed', { channel: row.channelId, reason: classify(error) }));
        }
        if (followUp.to === 'FINISHED') this.deps.store.closeThread(row.channelId, followUp.space, followUp.jobId);
        return;
      }
      case 'outage': {
        const ts = await this.post(row.channelId, outageMessage(new Date(notice.since), notice.reason));
        this.deps.store.markSent(row.id, ts, at(), []);
        return;
      }
      case 'reachable': {
        const ts = await this.post(row.channelId, reachableMessage(new Date(notice.downSince), new Date(notice.at)));
        this.deps.store.markSent(row.id, ts, at(), []);
        return;
      }
    }
  }

  private async post(channel: string, slackMessage: SlackMessage, threadTs?: string): Promise<string> {
    const response = await this.deps.client.chat.postMessage({ channel, ...message(slackMessage), ...(threadTs ? { thread_ts: threadTs } : {}) });
    return response.ts ?? '';
  }

  private async failed(row: OutboxRow, failure: Failure): Promise<void> {
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
          await this.deps.client.conversations.join({ channel: row.channelId });
          store.markRetry(row.id, new Date(now), 'joined channel', false);
        } catch (error) {
          const reason = classify(error);
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

function message(m: SlackMessage): { text: string; blocks: NonNullable<SlackMessage['blocks']> } {
  return { text: m.text, blocks: m.blocks ?? [] };
}
