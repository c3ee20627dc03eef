import type { Follow, FollowStore, MessageRef, NewStopFollow, NewWatch, Watch } from '../alerts/follows';
import type { LeaseTerm } from '../alerts/lease';
import type { OutboxEntry } from '../alerts/notices';
import type { SqliteDatabase } from './database';
import { LeaseRepository } from './lease-repository';
import { OutboxRepository } from './outbox-repository';

interface Row {
  id: number;
  kind: 'stop' | 'watch';
  cluster: string;
  space: string;
  job_id: number;
  command: string | null;
  user_id: string;
  approver_id: string | null;
  notify_channel: string;
  notify_thread: string | null;
  message_channel: string | null;
  message_ts: string | null;
  started_at: number;
  until_at: number;
  warned_at: number | null;
}

function toFollow(row: Row): Follow {
  const base = {
    id: row.id,
    cluster: row.cluster,
    space: row.space,
    jobId: row.job_id,
    userId: row.user_id,
    notify: { channel: row.notify_channel, threadTs: row.notify_thread },
    startedAt: new Date(row.started_at),
    until: new Date(row.until_at),
  };
  if (row.kind === 'stop') return { ...base, kind: 'stop', approverId: row.approver_id, warnedAt: row.warned_at === null ? null : new Date(row.warned_at) };
  const message = row.message_channel && row.message_ts ? { channel: row.message_channel, ts: row.message_ts } : null;
  return { ...base, kind: 'watch', command: row.command ?? '', message };
}

const COLUMNS = 'id, kind, cluster, space, job_id, command, user_id, approver_id, notify_channel, notify_thread, message_channel, message_ts, started_at, until_at, warned_at';

/** Stops followed and jobs watched; ends and stalls are written with their notes, fenced by the poller lease. */
export class FollowRepository implements FollowStore {
  private readonly outbox: OutboxRepository;
  private readonly leases: LeaseRepository;

  constructor(private readonly db: SqliteDatabase) {
    this.outbox = new OutboxRepository(db);
    this.leases = new LeaseRepository(db);
  }

  addStop(follow: NewStopFollow): void {
    this.db
      .prepare(
        `INSERT OR IGNORE INTO job_follows (kind, cluster, space, job_id, user_id, approver_id, notify_channel, notify_thread, started_at, until_at)
         VALUES ('stop', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        follow.cluster,
        follow.space,
        follow.jobId,
        follow.userId,
        follow.approverId,
        follow.notify.channel,
        follow.notify.threadTs,
        follow.startedAt.getTime(),
        follow.until.getTime(),
      );
  }

  addWatch(watch: NewWatch): { added: boolean; watch: Watch } {
    return this.db
      .transaction(() => {
        const inserted = this.db
          .prepare(
            `INSERT OR IGNORE INTO job_follows (kind, cluster, space, job_id, command, user_id, notify_channel, notify_thread, started_at, until_at)
             VALUES ('watch', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(watch.cluster, watch.space, watch.jobId, watch.command, watch.userId, watch.notify.channel, watch.notify.threadTs, watch.startedAt.getTime(), watch.until.getTime());
        const row = this.db
          .prepare(`SELECT ${COLUMNS} FROM job_follows WHERE kind = 'watch' AND cluster = ? AND space = ? AND job_id = ? AND user_id = ?`)
          .get(watch.cluster, watch.space, watch.jobId, watch.userId) as Row;
        return { added: inserted.changes === 1, watch: toFollow(row) as Watch };
      })
      .immediate();
  }

  attachWatchMessage(id: number, message: MessageRef): void {
    this.db
      .prepare('UPDATE job_follows SET message_channel = ?, message_ts = ?, notify_channel = ?, notify_thread = ? WHERE id = ?')
      .run(message.channel, message.ts, message.channel, message.ts, id);
  }

  removeWatch(id: number): boolean {
    return this.db.prepare(`DELETE FROM job_follows WHERE id = ? AND kind = 'watch'`).run(id).changes === 1;
  }

  watchesOf(userId: string): Watch[] {
    const rows = this.db.prepare(`SELECT ${COLUMNS} FROM job_follows WHERE kind = 'watch' AND user_id = ? ORDER BY id`).all(userId) as Row[];
    return rows.map(toFollow) as Watch[];
  }

  all(): Follow[] {
    return (this.db.prepare(`SELECT ${COLUMNS} FROM job_follows ORDER BY id`).all() as Row[]).map(toFollow);
  }

  count(): number {
    return this.db.prepare('SELECT COUNT(*) FROM job_follows').pluck().get() as number;
  }

  markWarned(id: number, at: Date, notices: OutboxEntry[], fence: LeaseTerm): void {
    this.leases.writeInTerm('poller', fence, () => {
      if (this.db.prepare('UPDATE job_follows SET warned_at = ? WHERE id = ? AND warned_at IS NULL').run(at.getTime(), id).changes === 1) {
        this.outbox.enqueue(notices, at);
      }
    });
  }

  end(id: number, notices: OutboxEntry[], at: Date, fence: LeaseTerm): boolean {
    return this.leases.writeInTerm('poller', fence, () => {
      if (this.db.prepare('DELETE FROM job_follows WHERE id = ?').run(id).changes !== 1) return false;
      this.outbox.enqueue(notices, at);
      return true;
    });
  }
}
