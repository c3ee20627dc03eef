import type { RunHistory, RunRecord } from '../jobs/stuck-rule';
import type { JobSnapshot } from '../jobs/transitions';
import type { SpaceRef } from '../spaces/space-ref';
import type { LeaseTerm } from './lease';
import type { OutboxEntry } from './notices';
import type { JobWatch } from './stuck-watch';

/** What one poll of a space writes, in one transaction. */
export interface SpaceChange {
  baseline: boolean;
  upserts: JobSnapshot[];
  removed: number[];
  outbox: OutboxEntry[];
  /** The stuck rule's rows (queued since, alerted runs and waits), written with the state that moved them. */
  watch?: { upserts: Array<{ id: number; watch: JobWatch }>; removed: number[] };
  /** Finished runs to keep (each kind cut to its newest HISTORY_RUNS). */
  runs?: RunRecord[];
}

export interface Subscriber {
  channelId: string;
  statuses: string[];
}

/**
 * The poller's persistence, implemented over SQLite in store/. Every write is fenced by the
 * poller's lease term: when another process took the lease since, it throws LeaseLost and
 * writes nothing.
 */
export interface PollerStore {
  /** Spaces at least one channel subscribes to. */
  watchedSpaces(): SpaceRef[];
  /** Channels subscribed to the space and not muted now. */
  subscribersOf(ref: SpaceRef, now: Date): Subscriber[];
  /** Channels (not muted now) holding an alert thread for the job. */
  alertThreadsOf(ref: SpaceRef, jobId: number, now: Date): string[];
  /** Every channel with an unmuted subscription to a space of the cluster, for outage notices. */
  subscribedChannels(cluster: string, now: Date): string[];
  isBaselined(ref: SpaceRef): boolean;
  /** Spaces with a recorded baseline, watched or not. */
  baselinedSpaces(): SpaceRef[];
  /** Drops the job state and baseline of a space nobody watches any more (a later subscription starts afresh). */
  forget(ref: SpaceRef, fence: LeaseTerm): void;
  snapshots(ref: SpaceRef): Map<number, JobSnapshot>;
  /** The stuck rule's rows of the space's jobs. */
  watchOf(ref: SpaceRef): Map<number, JobWatch>;
  /** The finished runs kept for the space, per kind, newest first. */
  runsOf(ref: SpaceRef): RunHistory;
  /** One transaction: the new job state and the messages it causes, or neither. Returns rows written. */
  commitSpace(ref: SpaceRef, change: SpaceChange, at: Date, fence: LeaseTerm): number;
  /** When the cluster's channels were told it is out of reach, while they have not heard it is back. */
  outageNotifiedAt(cluster: string): Date | null;
  /** One transaction: the cluster's outage flag and its notices. */
  commitOutage(cluster: string, notifiedAt: Date | null, outbox: OutboxEntry[], at: Date, fence: LeaseTerm): void;
}
