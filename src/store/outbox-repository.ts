import type { Notice, OutboxEntry, ThreadAlert } from '../alerts/notices';
import type { AlertThread, DroppedSummary, OutboxRow, OutboxStore, SentMark } from '../alerts/outbox';
import { DEFAULT_CLUSTER, type SpaceRef } from '../spaces/space-ref';
import type { SqliteDatabase } from './database';
import { deleteInBatches } from './delete-in-batches';

interface Row {
  id: number;
  channel_id: string;
  payload: string;
  attempts: number;
  created_at: number;
  next_attempt_at: number;
}

/** Messages queued before clusters existed name no cluster: they are of the one cluster there was. */
function withCluster(notice: Notice): Notice {
  const fill = <T extends { cluster?: string }>(value: T): T => ({ ...value, cluster: value.cluster ?? DEFAULT_CLUSTER });
  switch (notice.kind) {
    case 'alert':
      return { ...notice, alert: fill(notice.alert) };
    case 'digest':
      return { ...notice, alerts: notice.alerts.map(fill) };
    case 'follow-up':
      return { ...notice, followUp: fill(notice.followUp) };
    case 'outage':
    case 'reachable':
      return fill(notice);
    default:
      return notice; // kinds born with clusters
  }
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

  heads(): OutboxRow[] {
    const rows = this.db
      .prepare(
        `SELECT o.id, o.channel_id, o.payload, o.attempts, o.created_at, o.next_attempt_at FROM outbox o
         JOIN (SELECT MIN(id) AS id FROM outbox WHERE state = 'pending' GROUP BY channel_id) head ON head.id = o.id
         ORDER BY o.id`,
      )
      .all() as Row[];
    return rows.map((row) => ({
      id: row.id,
      channelId: row.channel_id,
      notice: withCluster(JSON.parse(row.payload) as Notice),
      attempts: row.attempts,
      createdAt: new Date(row.created_at),
      nextAttemptAt: new Date(row.next_attempt_at),
    }));
  }

  pendingCount(): number {
    return this.db.prepare(`SELECT COUNT(*) FROM outbox WHERE state = 'pending'`).pluck().get() as number;
  }

  markSent(id: number, mark: SentMark): void {
    const at = mark.at.getTime();
    this.db.transaction(() => {
      const channel = this.db.prepare('SELECT channel_id FROM outbox WHERE id = ?').pluck().get(id) as string;
      this.db.prepare(`UPDATE outbox SET state = 'sent', sent_at = ?, message_ts = ?, error = NULL WHERE id = ?`).run(at, mark.ts, id);
      const upsert = this.db.prepare('INSERT OR REPLACE INTO alert_threads (channel_id, cluster, space, job_id, message_ts, alert, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
      for (const thread of mark.threads) upsert.run(channel, thread.cluster, thread.space, thread.jobId, mark.ts, thread.alert ? JSON.stringify(thread.alert) : 'null', at);
      const replied = mark.repliedIn;
      if (replied?.close) {
        this.db.prepare('DELETE FROM alert_threads WHERE channel_id = ? AND cluster = ? AND space = ? AND job_id = ?').run(channel, replied.cluster, replied.space, replied.jobId);
      } else if (replied) {
        this.db
          .prepare('UPDATE alert_threads SET updated_at = ? WHERE channel_id = ? AND cluster = ? AND space = ? AND job_id = ?')
          .run(at, channel, replied.cluster, replied.space, replied.jobId);
      }
    })();
  }

  markRetry(id: number, nextAttemptAt: Date, error: string, counts = true): void {
    this.db.prepare('UPDATE outbox SET attempts = attempts + ?, next_attempt_at = ?, error = ? WHERE id = ?').run(counts ? 1 : 0, nextAttemptAt.getTime(), error, id);
  }

  markDropped(id: number, reason: string, at: Date): void {
    this.db.prepare(`UPDATE outbox SET state = 'failed', attempts = attempts + 1, error = ?, dropped_at = ? WHERE id = ?`).run(reason, at.getTime(), id);
  }

  dropped(): DroppedSummary {
    const count = this.db.prepare(`SELECT COUNT(*) FROM outbox WHERE state = 'failed'`).pluck().get() as number;
    const latest = this.db.prepare(`SELECT channel_id, error, COALESCE(dropped_at, created_at) AS at FROM outbox WHERE state = 'failed' ORDER BY at DESC, id DESC LIMIT 1`).get() as
      | { channel_id: string; error: string | null; at: number }
      | undefined;
    return { count, latest: latest ? { channelId: latest.channel_id, reason: latest.error ?? 'unknown', at: new Date(latest.at) } : null };
  }

  alertThread(channelId: string, ref: SpaceRef, jobId: number): AlertThread | null {
    const row = this.db
      .prepare('SELECT message_ts, alert FROM alert_threads WHERE channel_id = ? AND cluster = ? AND space = ? AND job_id = ?')
      .get(channelId, ref.cluster, ref.space, jobId) as { message_ts: string; alert: string } | undefined;
    const alert = row ? (JSON.parse(row.alert) as ThreadAlert | null) : null;
    return row ? { ts: row.message_ts, alert: alert && { ...alert, cluster: alert.cluster ?? DEFAULT_CLUSTER } } : null;
  }

  /** Channels (not muted now) holding an alert thread for the job. */
  alertThreadsOf(ref: SpaceRef, jobId: number, now: Date): string[] {
    return this.db
      .prepare(
        `SELECT t.channel_id FROM alert_threads t JOIN subscriptions s ON s.channel_id = t.channel_id AND s.cluster = t.cluster AND s.space = t.space
         WHERE t.cluster = ? AND t.space = ? AND t.job_id = ? AND (s.muted_until IS NULL OR s.muted_until <= ?) ORDER BY t.channel_id`,
      )
      .pluck()
      .all(ref.cluster, ref.space, jobId, now.getTime()) as string[];
  }

  /** Deletes sent and dropped messages finished before `before`; pending ones are never pruned. */
  pruneFinished(before: Date): number {
    return deleteInBatches(
      this.db,
      `SELECT id FROM outbox WHERE (state = 'sent' AND sent_at < ?) OR (state = 'failed' AND COALESCE(dropped_at, created_at) < ?)`,
      'DELETE FROM outbox WHERE id IN',
      [before.getTime(), before.getTime()],
    );
  }

  /** Deletes alert threads unchanged since `before` whose job the poller no longer tracks. */
  pruneThreads(before: Date): number {
    return deleteInBatches(
      this.db,
      `SELECT t.rowid FROM alert_threads t WHERE t.updated_at < ?
         AND NOT EXISTS (SELECT 1 FROM job_state j WHERE j.cluster = t.cluster AND j.space = t.space AND j.job_id = t.job_id)`,
      'DELETE FROM alert_threads WHERE rowid IN',
      [before.getTime()],
    );
  }
}
