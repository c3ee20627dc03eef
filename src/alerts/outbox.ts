import { JobAlert, Notice } from './notices';

export interface OutboxRow {
  id: number;
  channelId: string;
  notice: Notice;
  attempts: number;
  createdAt: Date;
}

/** Where an alert was posted, so follow-ups can reply in its thread. */
export interface AlertThread {
  ts: string;
  /** null for a digest, whose status line is not redrawn. */
  alert: JobAlert | null;
}

/** The outbox as the sender sees it; implemented over SQLite in store/. */
export interface OutboxStore {
  /** The oldest pending entry of each channel, when it is due: order is kept per channel. */
  due(now: Date): OutboxRow[];
  nextAttemptAt(): Date | null;
  pendingCount(): number;
  /** One transaction: the entry is sent, and alert threads point at the new message. */
  markSent(id: number, ts: string, at: Date, threads: Array<{ space: string; jobId: number; alert: JobAlert | null }>): void;
  /** `counts`: whether this was a failed attempt (rate limits and channel joins are not). */
  markRetry(id: number, nextAttemptAt: Date, error: string, counts?: boolean): void;
  markFailed(id: number, error: string): void;
  alertThread(channelId: string, space: string, jobId: number): AlertThread | null;
  closeThread(channelId: string, space: string, jobId: number): void;
}
