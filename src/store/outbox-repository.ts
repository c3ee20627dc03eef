import { JobAlert, Notice, OutboxEntry } from '../alerts/notices';
import { AlertThread, OutboxRow, OutboxStore } from '../alerts/outbox';
import { SqliteDatabase } from './database';

interface Row {
  id: number;
  channel_id: string;
  payload: string;
  attempts: number;
  created_at: number;
}

/** Every outbox and alert-thread statement: the sender's queue, and where follow-ups are threaded. */
export class OutboxRepository implements OutboxStore {
  constructor(private readonly db: SqliteDatabase) {}

  /** Queues notices; the caller's transaction makes them part of the state change that caused them. */
  enqueue(entries: OutboxEntry[], at: Date): number {
    const insert = this.db.prepare('INSERT INTO outbox (channel_id, kind, payload, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?)');
    for (const entry of entries) insert.run(entry.channelId, entry.notice.kind, JSON.stringify(entry.notice), at.getTime(), at.getTime());
    return entries.length;
  }

  due(now: Date): OutboxRow[] {
    const rows = this.db
      .prepare(
        `SELECT o.id, o.channel_id, o.payload, o.attempts, o.created_at FROM outbox o
         JOIN (SELECT MIN(id) AS id FROM outbox WHERE state = 'pending' GROUP BY channel_id) head ON head.id = o.id
         WHERE o.next_attempt_at <= ? ORDER BY o.id`,
      )
      .all(now.getTime()) as Row[];
    return rows.map((row) => ({
      id: row.id,
      channelId: row.channel_id,
      notice: JSON.parse(row.payload) as Notice,
      attempts: row.attempts,
      createdAt: new Date(row.created_at),
    }));
  }

  nextAttemptAt(): Date | null {
    const at = this.db.prepare(`SELECT MIN(next_attempt_at) FROM outbox WHERE state = 'pending'`).pluck().get() as number | null;
    return at === null ? null : new Date(at);
  }

  pendingCount(): number {
    return this.db.prepare(`SELECT COUNT(*) FROM outbox WHERE state = 'pending'`).pluck().get() as number;
  }

  markSent(id: number, ts: string, at: Date, threads: Array<{ space: string; jobId: number; alert: JobAlert | null }>): void {
    this.db.transaction(() => {
      const channel = this.db.prepare('SELECT channel_id FROM outbox WHERE id = ?').pluck().get(id) as string;
      this.db.prepare(`UPDATE outbox SET state = 'sent', sent_at = ?, message_ts = ?, error = NULL WHERE id = ?`).run(at.getTime(), ts, id);
      const upsert = this.db.prepare('INSERT OR REPLACE INTO alert_threads (channel_id, space, job_id, message_ts, alert) VALUES (?, ?, ?, ?, ?)');
      for (const thread of threads) upsert.run(channel, thread.space, thread.jobId, ts, thread.alert ? JSON.stringify(thread.alert) : 'null');
    })();
  }

  markRetry(id: number, nextAttemptAt: Date, error: string, counts = true): void {
    this.db
      .prepare('UPDATE outbox SET attempts = attempts + ?, next_attempt_at = ?, error = ? WHERE id = ?')
      .run(counts ? 1 : 0, nextAttemptAt.getTime(), error, id);
  }

  markFailed(id: number, error: string): void {
    this.db.prepare(`UPDATE outbox SET state = 'failed', attempts = attempts + 1, error = ? WHERE id = ?`).run(error, id);
  }

  alertThread(channelId: string, space: string, jobId: number): AlertThread | null {
    const row = this.db
      .prepare('SELECT message_ts, alert FROM alert_threads WHERE channel_id = ? AND space = ? AND job_id = ?')
      .get(channelId, space, jobId) as { message_ts: string; alert: string } | undefined;
    return row ? { ts: row.message_ts, alert: JSON.parse(row.alert) as JobAlert | null } : null;
  }

  closeThread(channelId: string, space: string, jobId: number): void {
    this.db.prepare('DELETE FROM alert_threads WHERE channel_id = ? AND space = ? AND job_id = ?').run(channelId, space, jobId);
  }

  /** Channels (not muted now) holding an alert thread for the job. */
  alertThreadsOf(space: string, jobId: number, now: Date): string[] {
    return this.db
      .prepare(
        `SELECT t.channel_id FROM alert_threads t JOIN subscriptions s ON s.channel_id = t.channel_id AND s.space = t.space
         WHERE t.space = ? AND t.job_id = ? AND (s.muted_until IS NULL OR s.muted_until <= ?) ORDER BY t.channel_id`,
      )
      .pluck()
      .all(space, jobId, now.getTime()) as string[];
  }
}
