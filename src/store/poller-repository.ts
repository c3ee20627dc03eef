import type { LeaseTerm } from '../alerts/lease';
import type { OutboxEntry } from '../alerts/notices';
import type { PollerStore, SpaceChange, Subscriber } from '../alerts/poller-store';
import type { JobWatch } from '../alerts/stuck-watch';
import type { RunHistory } from '../jobs/stuck-rule';
import type { JobSnapshot } from '../jobs/transitions';
import type { SpaceRef } from '../spaces/space-ref';
import type { SqliteDatabase } from './database';
import { LeaseRepository } from './lease-repository';
import { OutboxRepository } from './outbox-repository';
import { RunHistoryRepository } from './run-history-repository';
import { SubscriptionRepository } from './subscription-repository';

interface StateRow {
  job_id: number;
  command: string;
  status: string;
  start_time: number | null;
  stop_time: number | null;
}

interface WatchRow {
  job_id: number;
  queued_since: number | null;
  alerted_run: number | null;
  alerted_queue: number | null;
}

/** Job state, baselines, the outbox and the outage flag: the poller's tables, written together. */
export class PollerRepository implements PollerStore {
  private readonly subscriptions: SubscriptionRepository;
  private readonly outbox: OutboxRepository;
  private readonly leases: LeaseRepository;
  private readonly runs: RunHistoryRepository;

  constructor(private readonly db: SqliteDatabase) {
    this.subscriptions = new SubscriptionRepository(db);
    this.outbox = new OutboxRepository(db);
    this.leases = new LeaseRepository(db);
    this.runs = new RunHistoryRepository(db);
  }

  watchedSpaces(): SpaceRef[] {
    return this.subscriptions.spaces();
  }

  subscribersOf(ref: SpaceRef, now: Date): Subscriber[] {
    return this.subscriptions.subscribersOf(ref, now);
  }

  subscribedChannels(cluster: string, now: Date): string[] {
    return this.subscriptions.unmutedChannels(cluster, now);
  }

  alertThreadsOf(ref: SpaceRef, jobId: number, now: Date): string[] {
    return this.outbox.alertThreadsOf(ref, jobId, now);
  }

  baselinedSpaces(): SpaceRef[] {
    return this.db.prepare('SELECT cluster, space FROM watched_spaces ORDER BY cluster, space').all() as SpaceRef[];
  }

  forget(ref: SpaceRef, fence: LeaseTerm): void {
    this.leases.writeInTerm('poller', fence, () => {
      this.db.prepare('DELETE FROM watched_spaces WHERE cluster = ? AND space = ?').run(ref.cluster, ref.space);
      this.db.prepare('DELETE FROM job_state WHERE cluster = ? AND space = ?').run(ref.cluster, ref.space);
      this.db.prepare('DELETE FROM job_watch WHERE cluster = ? AND space = ?').run(ref.cluster, ref.space);
      this.runs.forget(ref);
    });
  }

  isBaselined(ref: SpaceRef): boolean {
    return this.db.prepare('SELECT 1 FROM watched_spaces WHERE cluster = ? AND space = ?').get(ref.cluster, ref.space) !== undefined;
  }

  snapshots(ref: SpaceRef): Map<number, JobSnapshot> {
    const rows = this.db.prepare('SELECT job_id, command, status, start_time, stop_time FROM job_state WHERE cluster = ? AND space = ?').all(ref.cluster, ref.space) as StateRow[];
    return new Map(rows.map((r) => [r.job_id, { id: r.job_id, command: r.command, status: r.status, startTime: r.start_time, stopTime: r.stop_time }]));
  }

  watchOf(ref: SpaceRef): Map<number, JobWatch> {
    const rows = this.db
      .prepare('SELECT job_id, queued_since, alerted_run, alerted_queue FROM job_watch WHERE cluster = ? AND space = ?')
      .all(ref.cluster, ref.space) as WatchRow[];
    return new Map(rows.map((r) => [r.job_id, { queuedSince: r.queued_since, alertedRun: r.alerted_run, alertedQueue: r.alerted_queue }]));
  }

  runsOf(ref: SpaceRef): RunHistory {
    return this.runs.runsOf(ref);
  }

  commitSpace(ref: SpaceRef, change: SpaceChange, at: Date, fence: LeaseTerm): number {
    const watch = change.watch ?? { upserts: [], removed: [] };
    const runs = change.runs ?? [];
    const idle = change.upserts.length === 0 && change.removed.length === 0 && change.outbox.length === 0;
    if (!change.baseline && idle && watch.upserts.length === 0 && watch.removed.length === 0 && runs.length === 0) return 0;
    const upsert = this.db.prepare(
      `INSERT INTO job_state (cluster, space, job_id, command, status, start_time, stop_time) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (cluster, space, job_id) DO UPDATE SET command = excluded.command, status = excluded.status,
         start_time = excluded.start_time, stop_time = excluded.stop_time`,
    );
    const remove = this.db.prepare('DELETE FROM job_state WHERE cluster = ? AND space = ? AND job_id = ?');
    const { cluster, space } = ref;
    return this.leases.writeInTerm('poller', fence, (): number => {
      let rows = 0;
      if (change.baseline) rows += this.db.prepare('INSERT OR IGNORE INTO watched_spaces (cluster, space, baseline_at) VALUES (?, ?, ?)').run(cluster, space, at.getTime()).changes;
      for (const job of change.upserts) rows += upsert.run(cluster, space, job.id, job.command, job.status, job.startTime, job.stopTime).changes;
      for (const id of change.removed) rows += remove.run(cluster, space, id).changes;
      rows += this.writeWatch(ref, watch);
      rows += this.runs.record(ref, runs);
      return rows + this.outbox.enqueue(change.outbox, at);
    });
  }

  private writeWatch(ref: SpaceRef, watch: NonNullable<SpaceChange['watch']>): number {
    if (watch.upserts.length === 0 && watch.removed.length === 0) return 0;
    const upsert = this.db.prepare(
      `INSERT INTO job_watch (cluster, space, job_id, queued_since, alerted_run, alerted_queue) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (cluster, space, job_id) DO UPDATE SET queued_since = excluded.queued_since, alerted_run = excluded.alerted_run,
         alerted_queue = excluded.alerted_queue`,
    );
    const remove = this.db.prepare('DELETE FROM job_watch WHERE cluster = ? AND space = ? AND job_id = ?');
    let rows = 0;
    for (const { id, watch: w } of watch.upserts) rows += upsert.run(ref.cluster, ref.space, id, w.queuedSince, w.alertedRun, w.alertedQueue).changes;
    for (const id of watch.removed) rows += remove.run(ref.cluster, ref.space, id).changes;
    return rows;
  }

  outageNotifiedAt(cluster: string): Date | null {
    const at = this.db.prepare('SELECT notified_at FROM cluster_outages WHERE cluster = ?').pluck().get(cluster) as number | undefined;
    return at === undefined ? null : new Date(at);
  }

  commitOutage(cluster: string, notifiedAt: Date | null, outbox: OutboxEntry[], at: Date, fence: LeaseTerm): void {
    this.leases.writeInTerm('poller', fence, () => {
      if (notifiedAt) this.db.prepare('INSERT OR REPLACE INTO cluster_outages (cluster, notified_at) VALUES (?, ?)').run(cluster, notifiedAt.getTime());
      else this.db.prepare('DELETE FROM cluster_outages WHERE cluster = ?').run(cluster);
      this.outbox.enqueue(outbox, at);
    });
  }
}
