import type { SpaceRef } from '../spaces/space-ref';

/** What the gauges read from the database when /metrics is scraped; implemented over SQLite in store/. */
export interface MetricsStore {
  /** The poller's last view of a space: its jobs by status. */
  jobCounts(ref: SpaceRef): Array<{ status: string; count: number }>;
  /** Messages not yet delivered, by notice kind, with the oldest one's queueing time. */
  pendingOutbox(): Array<{ kind: string; count: number; oldest: Date }>;
  /** Approval requests still open (pending and not expired) at `now`. */
  openApprovals(now: Date): Array<{ cluster: string; action: string; count: number }>;
}
