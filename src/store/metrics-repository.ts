import type { MetricsStore } from '../monitoring/metrics-store';
import type { SpaceRef } from '../spaces/space-ref';
import type { SqliteDatabase } from './database';

/** The reads behind the /metrics gauges: grouped counts, each one statement. */
export class MetricsRepository implements MetricsStore {
  constructor(private readonly db: SqliteDatabase) {}

  /** A range of the primary key: the space's rows only. */
  jobCounts(ref: SpaceRef): Array<{ status: string; count: number }> {
    return this.db.prepare('SELECT status, COUNT(*) AS count FROM job_state WHERE cluster = ? AND space = ? GROUP BY status').all(ref.cluster, ref.space) as Array<{
      status: string;
      count: number;
    }>;
  }

  pendingOutbox(): Array<{ kind: string; count: number; oldest: Date }> {
    const rows = this.db.prepare(`SELECT kind, COUNT(*) AS count, MIN(created_at) AS oldest FROM outbox WHERE state = 'pending' GROUP BY kind`).all() as Array<{
      kind: string;
      count: number;
      oldest: number;
    }>;
    return rows.map((row) => ({ kind: row.kind, count: row.count, oldest: new Date(row.oldest) }));
  }

  openApprovals(now: Date): Array<{ cluster: string; action: string; count: number }> {
    return this.db
      .prepare(`SELECT cluster, action, COUNT(*) AS count FROM approvals WHERE status = 'pending' AND expires_at > ? GROUP BY cluster, action`)
      .all(now.getTime()) as Array<{ cluster: string; action: string; count: number }>;
  }
}
