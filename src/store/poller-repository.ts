import { JobSnapshot } from '../jobs/transitions';
import { LeaseLost, LeaseTerm } from '../alerts/lease';
import { OutboxEntry } from '../alerts/notices';
import { PollerStore, Subscriber } from '../alerts/poller-store';
import { SqliteDatabase } from './database';
import { LeaseRepository } from './lease-repository';
import { OutboxRepository } from './outbox-repository';
import { SubscriptionRepository } from './subscription-repository';

interface StateRow {
  job_id: number;
  command: string;
  status: string;
  start_time: number | null;
  stop_time: number | null;
}

/** Job state, baselines, the outbox and the outage flag: the poller's tables, written together. */
export class PollerRepository implements PollerStore {
  private readonly subscriptions: SubscriptionRepository;
  private readonly outbox: OutboxRepository;
  private readonly leases: LeaseRepository;

  constructor(private readonly db: SqliteDatabase) {
    this.subscriptions = new SubscriptionRepository(db);
    this.outbox = new OutboxRepository(db);
    this.leases = new LeaseRepository(db);
  }

  /**
   * Runs `write` in one IMMEDIATE transaction that first checks the poller lease is still in
   * `fence`'s term: the check and the writes hold the write lock together, so a takeover cannot
   * slip in between. Otherwise throws LeaseLost, having written nothing.
   */
  private fenced<T>(fence: LeaseTerm, write: () => T): T {
    return this.db
      .transaction((): T => {
        if (!this.leases.isCurrent('poller', fence)) throw new LeaseLost(fence);
        return write();
      })
      .immediate();
  }

  watchedSpaces(): string[] {
    return this.subscriptions.spaces();
  }

  subscribersOf(space: string, now: Date): Subscriber[] {
    return this.subscriptions.subscribersOf(space, now);
  }

  subscribedChannels(now: Date): string[] {
    return this.subscriptions.unmutedChannels(now);
  }

  alertThreadsOf(space: string, jobId: number, now: Date): string[] {
    return this.outbox.alertThreadsOf(space, jobId, now);
  }

  baselinedSpaces(): string[] {
    return this.db.prepare('SELECT space FROM watched_spaces ORDER BY space').pluck().all() as string[];
  }

  forget(space: string, fence: LeaseTerm): void {
    this.fenced(fence, () => {
      this.db.prepare('DELETE FROM watched_spaces WHERE space = ?').run(space);
      this.db.prepare('DELETE FROM job_state WHERE space = ?').run(space);
    });
  }

  isBaselined(space: string): boolean {
    return this.db.prepare('SELECT 1 FROM watched_spaces WHERE space = ?').get(space) !== undefined;
  }

  snapshots(space: string): Map<number, JobSnapshot> {
    const rows = this.db
      .prepare('SELECT job_id, command, status, start_time, stop_time FROM job_state WHERE space = ?')
      .all(space) as StateRow[];
    return new Map(rows.map((r) => [r.job_id, { id: r.job_id, command: r.command, status: r.status, startTime: r.start_time, stopTime: r.stop_time }]));
  }

  commitSpace(space: string, change: { baseline: boolean; upserts: JobSnapshot[]; removed: number[]; outbox: OutboxEntry[] }, at: Date, fence: LeaseTerm): number {
    if (!change.baseline && change.upserts.length === 0 && change.removed.length === 0 && change.outbox.length === 0) return 0;
    const upsert = this.db.prepare(
      `INSERT INTO job_state (space, job_id, command, status, start_time, stop_time) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (space, job_id) DO UPDATE SET command = excluded.command, status = excluded.status,
         start_time = excluded.start_time, stop_time = excluded.stop_time`,
    );
    const remove = this.db.prepare('DELETE FROM job_state WHERE space = ? AND job_id = ?');
    return this.fenced(fence, (): number => {
      let rows = 0;
      if (change.baseline) rows += this.db.prepare('INSERT OR IGNORE INTO watched_spaces (space, baseline_at) VALUES (?, ?)').run(space, at.getTime()).changes;
      for (const job of change.upserts) rows += upsert.run(space, job.id, job.command, job.status, job.startTime, job.stopTime).changes;
      for (const id of change.removed) rows += remove.run(space, id).changes;
      return rows + this.outbox.enqueue(change.outbox, at);
    });
  }

  outageNotifiedAt(): Date | null {
    const at = this.db.prepare('SELECT notified_at FROM outage WHERE id = 1').pluck().get() as number | undefined;
    return at === undefined ? null : new Date(at);
  }

  commitOutage(notifiedAt: Date | null, outbox: OutboxEntry[], at: Date, fence: LeaseTerm): void {
    this.fenced(fence, () => {
      if (notifiedAt) this.db.prepare('INSERT OR REPLACE INTO outage (id, notified_at) VALUES (1, ?)').run(notifiedAt.getTime());
      else this.db.prepare('DELETE FROM outage').run();
      this.outbox.enqueue(outbox, at);
    });
  }
}
