import { AuditEntry, AuditLog } from '../access/audit';
import { SqliteDatabase } from './database';

interface Row {
  at: number;
  user_id: string;
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
      .prepare('INSERT INTO audit_log (at, user_id, space, job_id, action, result, detail) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(entry.at.getTime(), entry.userId, entry.space, entry.jobId, entry.action, entry.result, entry.detail);
  }

  lastExecutedBy(space: string, jobId: number, action: AuditEntry['action'], since: Date): string | null {
    const user = this.db
      .prepare(
        `SELECT user_id FROM audit_log WHERE space = ? AND job_id = ? AND action = ? AND result IN ('executed', 'outcome-unknown') AND at >= ?
         ORDER BY id DESC LIMIT 1`,
      )
      .pluck()
      .get(space, jobId, action, since.getTime()) as string | undefined;
    return user ?? null;
  }

  latest(filter: { spaces?: string[]; since?: Date; limit: number }): AuditEntry[] {
    const where: string[] = [];
    const params: Array<string | number> = [];
    if (filter.spaces) {
      if (filter.spaces.length === 0) return [];
      where.push(`space IN (${filter.spaces.map(() => '?').join(', ')})`);
      params.push(...filter.spaces);
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
      space: row.space,
      jobId: row.job_id,
      action: row.action,
      result: row.result,
      detail: row.detail,
    }));
  }
}
