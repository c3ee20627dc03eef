import type { SpaceRef } from '../spaces/space-ref';
import type { Notice, ThreadAlert } from './notices';

export interface OutboxRow {
  id: number;
  channelId: string;
  notice: Notice;
  /** Failed attempts so far (rate limits and channel joins do not count). */
  attempts: number;
  createdAt: Date;
  nextAttemptAt: Date;
}

/** Where an alert was posted, so follow-ups can reply in its thread. */
export interface AlertThread {
  ts: string;
  /** null for a digest, whose status line is not redrawn. */
  alert: ThreadAlert | null;
}

/** What Slack's acceptance of a message changes in the store, written in one transaction. */
export interface SentMark {
  ts: string;
  at: Date;
  /** Alert threads that now point at this message (an alert, or each job of a digest). */
  threads: Array<SpaceRef & { jobId: number; alert: ThreadAlert | null }>;
  /** The alert thread a follow-up replied in: closed once the job finished, else kept fresh. */
  repliedIn?: SpaceRef & { jobId: number; close: boolean };
}

/** Messages given up for good, for /healthz. */
export interface DroppedSummary {
  count: number;
  latest: { channelId: string; reason: string; at: Date } | null;
}

/** The outbox as the sender sees it; implemented over SQLite in store/. */
export interface OutboxStore {
  /** The oldest pending entry of each channel, due or not: order is kept per channel. */
  heads(): OutboxRow[];
  pendingCount(): number;
  markSent(id: number, mark: SentMark): void;
  /** `counts`: whether this was a failed attempt (rate limits and channel joins are not). */
  markRetry(id: number, nextAttemptAt: Date, error: string, counts?: boolean): void;
  markDropped(id: number, reason: string, at: Date): void;
  /** Dropped messages still on record (retention removes them after a while). */
  dropped(): DroppedSummary;
  alertThread(channelId: string, ref: SpaceRef, jobId: number): AlertThread | null;
}
