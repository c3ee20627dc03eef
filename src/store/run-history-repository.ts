import type { Statement } from 'better-sqlite3';
import { HISTORY_RUNS, type RunHistory, type RunHistorySource, type RunRecord } from '../jobs/stuck-rule';
import type { SpaceRef } from '../spaces/space-ref';
import type { SqliteDatabase } from './database';

interface Row {
  job_id: number;
  command: string;
  started_at: number;
  duration_ms: number;
}

/** How long each kind of job took in a space lately (table job_runs), bounded per kind. */
export class RunHistoryRepository implements RunHistorySource {
  /** Read by every list (its stuck hints) and every poll of a space: prepared once. */
  private readonly selectRuns: Statement<[string, string], Row>;

  constructor(private readonly db: SqliteDatabase) {
    this.selectRuns = db.prepare<[string, string], Row>(
      'SELECT job_id, command, started_at, duration_ms FROM job_runs WHERE cluster = ? AND space = ? ORDER BY command, started_at DESC, job_id DESC',
    );
  }

  runsOf(ref: SpaceRef): RunHistory {
    const rows = this.selectRuns.all(ref.cluster, ref.space);
    const history = new Map<string, RunRecord[]>();
    for (const row of rows) {
      const runs = history.get(row.command) ?? [];
      runs.push({ jobId: row.job_id, command: row.command, startedAt: row.started_at, durationMs: row.duration_ms });
      history.set(row.command, runs);
    }
    return history;
  }

  /** Keeps the runs, then cuts each kind they touch to its newest HISTORY_RUNS; inside the caller's transaction. */
  record(ref: SpaceRef, runs: readonly RunRecord[]): number {
    if (runs.length === 0) return 0;
    const insert = this.db.prepare('INSERT OR REPLACE INTO job_runs (cluster, space, job_id, command, started_at, duration_ms) VALUES (?, ?, ?, ?, ?, ?)');
    const trim = this.db.prepare(
      `DELETE FROM job_runs WHERE cluster = ? AND space = ? AND command = ? AND job_id NOT IN
         (SELECT job_id FROM job_runs WHERE cluster = ? AND space = ? AND command = ? ORDER BY started_at DESC, job_id DESC LIMIT ?)`,
    );
    let rows = 0;
    for (const run of runs) rows += insert.run(ref.cluster, ref.space, run.jobId, run.command, run.startedAt, run.durationMs).changes;
    for (const command of new Set(runs.map((run) => run.command))) {
      rows += trim.run(ref.cluster, ref.space, command, ref.cluster, ref.space, command, HISTORY_RUNS).changes;
    }
    return rows;
  }

  forget(ref: SpaceRef): void {
    this.db.prepare('DELETE FROM job_runs WHERE cluster = ? AND space = ?').run(ref.cluster, ref.space);
  }
}
