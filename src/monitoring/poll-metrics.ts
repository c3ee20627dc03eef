import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { OutboxEntry } from '../alerts/notices';
import type { PollerStore } from '../alerts/poller-store';
import { isJobStatus, JOB_STATUSES } from '../jobs/job';
import { isJobsError } from '../jobs/jobs-error';
import type { JobsGateway } from '../jobs/jobs-gateway';
import { type SpaceRef, spaceKey } from '../spaces/space-ref';
import { decorate } from './decorate';
import { labelKey, PREFIX, type SpaceLabels } from './metric-labels';
import type { MetricsStore } from './metrics-store';
import type { ScrapeErrors } from './scrape-errors';

/** What the poll gauges read when scraped. */
export interface PollSources {
  store: Pick<MetricsStore, 'jobCounts'>;
  /** Spaces some channel subscribes to: the ones the poller reads. */
  watchedSpaces(): SpaceRef[];
  /** Whether this process holds the poller lease (only the holder polls). */
  polling(): boolean;
  /** When the poll cycle last committed the space's new state (the cycle keeps the books). */
  lastPollOf(ref: SpaceRef): Date | undefined;
  now(): Date;
}

/**
 * Polls of each space: how many, how they ended, how long graphd took, and when each space's new
 * state was last committed. Fed by decorators of the poll cycle's gateway and store; when a space
 * was last committed is the poll cycle's own record, read through `PollSources.lastPollOf`.
 */
export class PollMetrics {
  private readonly polls: Counter<string>;
  private readonly duration: Histogram<string>;
  /** Watched spaces not yet polled successfully by this process: since when they wait. */
  private readonly waitingSince = new Map<string, Date>();
  /** Each space's jobs by status as last counted; a commit that changed the space drops its entry. */
  private readonly counted = new Map<string, { ref: SpaceRef; counts: Array<{ status: string; count: number }> }>();
  private sources: PollSources | null = null;

  constructor(
    registry: Registry,
    private readonly labels: SpaceLabels,
    private readonly errors: ScrapeErrors,
  ) {
    this.polls = new Counter({
      name: `${PREFIX}polls_total`,
      help: "Reads of a watched space's jobs by the poller, by result: ok, or the failure kind (nebula-unreachable, nebula-timeout, space-not-found, ...).",
      labelNames: [...labels.names, 'result'],
      registers: [registry],
    });
    this.duration = new Histogram({
      name: `${PREFIX}poll_duration_seconds`,
      help: "How long the poller's read of a space's jobs took (SHOW JOBS and its retries), failed reads included.",
      labelNames: [...labels.names],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    });
    const active: Gauge = new Gauge({
      name: `${PREFIX}poller_active`,
      help: '1 while this process holds the poller lease: only the holder polls and posts alerts.',
      registers: [registry],
      collect: () => active.set(this.sources?.polling() ? 1 : 0),
    });
    const last: Gauge<string> = new Gauge({
      name: `${PREFIX}last_successful_poll_timestamp_seconds`,
      help:
        'Unix time of the last poll whose result was committed, per watched space (per cluster without space labels: the stalest of its spaces). ' +
        'A space not yet polled counts from when this process first saw it watched. Only the lease holder reports it.',
      labelNames: [...labels.names],
      registers: [registry],
      collect: () => this.collectLastPolls(last),
    });
    const jobs: Gauge<string> = new Gauge({
      name: `${PREFIX}jobs`,
      help: 'Jobs of the watched spaces by status (QUEUE, RUNNING, FINISHED, FAILED, STOPPED, other), as the poller last recorded them. ' + 'Only the lease holder reports it.',
      labelNames: [...labels.names, 'status'],
      registers: [registry],
      collect: () => this.collectJobs(jobs),
    });
  }

  readAt(sources: PollSources): void {
    this.sources = sources;
  }

  /** The poll cycle's gateway: each read of a space's jobs is one poll of it. */
  gateway(inner: JobsGateway): JobsGateway {
    return decorate(inner, {
      listJobs: async (ref: SpaceRef) => {
        const end = this.duration.startTimer(this.labels.of(ref));
        try {
          const jobs = await inner.listJobs(ref);
          this.polls.inc({ ...this.labels.of(ref), result: 'ok' });
          return jobs;
        } catch (error) {
          this.polls.inc({ ...this.labels.of(ref), result: isJobsError(error) ? error.kind : 'error' });
          throw error;
        } finally {
          end();
        }
      },
    });
  }

  /** The poll cycle's store: a space is polled successfully once its new state is committed. */
  pollerStore(inner: PollerStore, onEnqueued: (entries: readonly OutboxEntry[]) => void): PollerStore {
    return decorate(inner, {
      commitSpace: (ref, change, at, fence) => {
        const rows = inner.commitSpace(ref, change, at, fence);
        this.waitingSince.delete(spaceKey(ref));
        if (rows > 0) this.counted.delete(spaceKey(ref));
        onEnqueued(change.outbox);
        return rows;
      },
      // The cycle reads a space's state back when it may have changed elsewhere (a new lease term, a restart).
      snapshots: (ref) => {
        this.counted.delete(spaceKey(ref));
        return inner.snapshots(ref);
      },
      forget: (ref, fence) => {
        inner.forget(ref, fence);
        this.counted.delete(spaceKey(ref));
      },
      commitOutage: (cluster, notifiedAt, outbox, at, fence) => {
        inner.commitOutage(cluster, notifiedAt, outbox, at, fence);
        onEnqueued(outbox);
      },
    });
  }

  private collectLastPolls(gauge: Gauge<string>): void {
    gauge.reset();
    const sources = this.sources;
    if (!sources?.polling()) return;
    const now = sources.now();
    const watched = this.errors.read('watched_spaces', () => sources.watchedSpaces());
    if (!watched) return;
    const keys = new Set(watched.map(spaceKey));
    for (const key of [...this.waitingSince.keys()]) if (!keys.has(key)) this.waitingSince.delete(key);
    // Without space labels several spaces share a series: the stalest one speaks for them.
    const stalest = new Map<string, { labels: Record<string, string>; at: number }>();
    for (const ref of watched) {
      const key = spaceKey(ref);
      let at = sources.lastPollOf(ref);
      if (!at) {
        at = this.waitingSince.get(key) ?? now;
        this.waitingSince.set(key, at);
      }
      const labels = this.labels.of(ref);
      const seen = stalest.get(labelKey(labels));
      if (!seen || at.getTime() < seen.at) stalest.set(labelKey(labels), { labels, at: at.getTime() });
    }
    for (const { labels, at } of stalest.values()) gauge.set(labels, at / 1000);
  }

  /**
   * Counts only the spaces whose state changed since they were last counted, one space at a
   * time with a turn of the event loop in between: at 100 spaces of 1,000 jobs, counting them
   * all at once would hold up Slack's acks for about 100 ms.
   */
  private async collectJobs(gauge: Gauge<string>): Promise<void> {
    const sources = this.sources;
    const watched = sources?.polling() ? this.errors.read('watched_spaces', () => sources.watchedSpaces()) : null;
    if (!sources || !watched) {
      gauge.reset();
      this.counted.clear();
      return;
    }
    const keys = new Set(watched.map(spaceKey));
    for (const key of [...this.counted.keys()]) if (!keys.has(key)) this.counted.delete(key);
    for (const ref of watched) {
      if (this.counted.has(spaceKey(ref))) continue;
      const counts = this.errors.read('job_state', () => sources.store.jobCounts(ref));
      if (counts) this.counted.set(spaceKey(ref), { ref, counts });
      await new Promise((resolve) => setImmediate(resolve));
    }
    gauge.reset();
    // Every status of a space (or cluster) shows, 0 when it has none, so a query sees it go to 0.
    for (const { ref } of this.counted.values()) for (const status of JOB_STATUSES) gauge.set({ ...this.labels.of(ref), status }, 0);
    for (const { ref, counts } of this.counted.values()) {
      for (const row of counts) gauge.inc({ ...this.labels.of(ref), status: isJobStatus(row.status) ? row.status : 'other' }, row.count);
    }
  }
}
