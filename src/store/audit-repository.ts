import type { AuditEntry, AuditLog } from '../access/audit';
import type { SpaceRef } from '../spaces/space-ref';
import type { SqliteDatabase } from './database';

interface Row {
  at: number;
  user_id: string;
  cluster: string;
  space: string;
  job_id: number | null;
  action: AuditEntry['action'];
  result: AuditEntry['result'];
  detail: string;
}

export class AuditRepository implements AuditLog {
  constructor(private readonly db: SqliteDatabase) {}

  record(entry: AuditEntry): void {
    this.db
      .prepare('INSERT INTO audit_log (at, user_id, cluster, space, job_id, action, result, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(entry.at.getTime(), entry.userId, entry.cluster, entry.space, entry.jobId, entry.action, entry.result, entry.detail);
  }

  lastExecutedBy(ref: SpaceRef, jobId: number, action: AuditEntry['action'], since: Date): string | null {
    const user = this.db
      .prepare(
        `SELECT user_id FROM audit_log WHERE cluster = ? AND space = ? AND job_id = ? AND action = ? AND result IN ('executed', 'outcome-unknown') AND at >= ?
         ORDER BY id DESC LIMIT 1`,
      )
      .pluck()
      .get(ref.cluster, ref.space, jobId, action, since.getTime()) as string | undefined;
    return user ?? null;
  }

  latest(filter: { spaces?: SpaceRef[]; since?: Date; limit: number }): AuditEntry[] {
    const where: string[] = [];
    const params: Array<string | number> = [];
    if (filter.spaces) {
      if (filter.spaces.length === 0) return [];
      where.push(`(${filter.spaces.map(() => '(cluster = ? AND space = ?)').join(' OR ')})`);
      params.push(...filter.spaces.flatMap((ref) => [ref.cluster, ref.space]));
    }
    if (filter.since) {
      where.push('at >= ?');
      params.push(filter.since.getTime());
    }
    // By time, not by id: an entry the database refused at first (a full disk) is written later with its real time.
    const rows = this.db
      .prepare(`SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC, id DESC LIMIT ?`)
      .all(...params, filter.limit) as Row[];
    return rows.map((row) => ({
      at: new Date(row.at),
      userId: row.user_id,
      cluster: row.cluster,
      space: row.space,
      jobId: row.job_id,
      action: row.action,
      result: row.result,
      detail: row.detail,
    }));
  }
}
