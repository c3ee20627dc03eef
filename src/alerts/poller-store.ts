import { JobSnapshot } from '../jobs/transitions';
import { LeaseTerm } from './lease';
import { OutboxEntry } from './notices';

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
  watchedSpaces(): string[];
  /** Channels subscribed to the space and not muted now. */
  subscribersOf(space: string, now: Date): Subscriber[];
  /** Channels (not muted now) holding an alert thread for the job. */
  alertThreadsOf(space: string, jobId: number, now: Date): string[];
  /** Every channel with an unmuted subscription, for outage notices. */
  subscribedChannels(now: Date): string[];
  isBaselined(space: string): boolean;
  /** Spaces with a recorded baseline, watched or not. */
  baselinedSpaces(): string[];
  /** Drops the job state and baseline of a space nobody watches any more (a later subscription starts afresh). */
  forget(space: string, fence: LeaseTerm): void;
  snapshots(space: string): Map<number, JobSnapshot>;
  /** One transaction: the new job state and the messages it causes, or neither. Returns rows written. */
  commitSpace(space: string, change: { baseline: boolean; upserts: JobSnapshot[]; removed: number[]; outbox: OutboxEntry[] }, at: Date, fence: LeaseTerm): number;
  outageNotifiedAt(): Date | null;
  /** One transaction: the outage flag and its notices. */
  commitOutage(notifiedAt: Date | null, outbox: OutboxEntry[], at: Date, fence: LeaseTerm): void;
}
