import { Counter, Gauge, type Registry } from 'prom-client';
import type { DeliveryPause } from '../alerts/delivery-hold';
import { DeliveryError, type NoticePoster } from '../alerts/notice-poster';
import type { Notice, OutboxEntry } from '../alerts/notices';
import type { OutboxStore } from '../alerts/outbox';
import { decorate } from './decorate';
import { PREFIX } from './metric-labels';
import type { MetricsStore } from './metrics-store';
import type { ScrapeErrors } from './scrape-errors';

/** What the outbox gauges read when scraped. */
export interface DeliverySources {
  store: Pick<MetricsStore, 'pendingOutbox'>;
  /** Why all delivery is on hold, or null while it runs. */
  pause(): DeliveryPause | null;
  now(): Date;
}

const PAUSE_CAUSES: ReadonlyArray<DeliveryPause['cause']> = ['store', 'slack-auth'];

/**
 * The outbox, by notice kind (alert, digest, follow-up, outage, reachable): queued, posted,
 * put back for later, given up; what waits and for how long; whether delivery is on hold.
 * Fed by decorators of the poller's store, the outbox store and the notice poster.
 */
export class DeliveryMetrics {
  private readonly enqueuedTotal: Counter<'kind'>;
  private readonly sent: Counter<'kind'>;
  private readonly retried: Counter<'kind'>;
  private readonly dropped: Counter<'kind'>;
  private readonly failures: Counter<'kind' | 'failure'>;
  private sources: DeliverySources | null = null;

  constructor(
    registry: Registry,
    private readonly errors: ScrapeErrors,
  ) {
    const counter = <L extends string>(name: string, help: string, labelNames: L[]): Counter<L> =>
      new Counter({ name: `${PREFIX}${name}`, help, labelNames, registers: [registry] });
    this.enqueuedTotal = counter('outbox_enqueued_total', 'Messages queued in the outbox by the poller, by notice kind.', ['kind']);
    this.sent = counter('outbox_sent_total', 'Messages Slack accepted, by notice kind.', ['kind']);
    this.retried = counter('outbox_retried_total', 'Messages put back for a later try (after an error, a rate limit or joining the channel), by notice kind.', ['kind']);
    this.dropped = counter('outbox_dropped_total', 'Messages given up for good (channel gone, message refused, channel that cannot be joined), by notice kind.', ['kind']);
    this.failures = counter('outbox_delivery_failures_total', 'Posts Slack did not accept, by notice kind and failure: rate-limited, not-in-channel, auth, transient, permanent.', [
      'kind',
      'failure',
    ]);
    const pending: Gauge<'kind'> = new Gauge({
      name: `${PREFIX}outbox_pending`,
      help: 'Messages waiting in the outbox, by notice kind.',
      labelNames: ['kind'],
      registers: [registry],
      collect: () => this.collectPending(pending, oldest),
    });
    const oldest: Gauge = new Gauge({
      name: `${PREFIX}outbox_oldest_pending_age_seconds`,
      help: 'How long the oldest message still in the outbox has waited; 0 when it is empty.',
      registers: [registry],
    });
    const paused: Gauge<'cause'> = new Gauge({
      name: `${PREFIX}outbox_delivery_paused`,
      help: '1 while all delivery is on hold, by cause: store (the database cannot be written), slack-auth (Slack refuses the token).',
      labelNames: ['cause'],
      registers: [registry],
      collect: () => {
        const cause = this.sources?.pause()?.cause ?? null;
        for (const each of PAUSE_CAUSES) paused.set({ cause: each }, each === cause ? 1 : 0);
      },
    });
  }

  readAt(sources: DeliverySources): void {
    this.sources = sources;
  }

  enqueued(entries: readonly OutboxEntry[]): void {
    for (const entry of entries) this.enqueuedTotal.inc({ kind: entry.notice.kind });
  }

  /** The sender's poster: each post Slack accepts or refuses. */
  poster(inner: NoticePoster): NoticePoster {
    return decorate(inner, {
      post: async (channelId: string, notice: Notice, threadTs?: string) => {
        try {
          const ts = await inner.post(channelId, notice, threadTs);
          this.sent.inc({ kind: notice.kind });
          return ts;
        } catch (error) {
          this.failures.inc({ kind: notice.kind, failure: error instanceof DeliveryError ? error.failure.kind : 'transient' });
          throw error;
        }
      },
    });
  }

  /**
   * The sender's store: what it decides about each message. Marks name a message by id only, so
   * the kind is taken from the heads the sender read (a message is always read before it is marked).
   */
  outboxStore(inner: OutboxStore): OutboxStore {
    const kinds = new Map<number, string>();
    const kindOf = (id: number): string => kinds.get(id) ?? 'unknown';
    return decorate(inner, {
      heads: () => {
        const rows = inner.heads();
        kinds.clear();
        for (const row of rows) kinds.set(row.id, row.notice.kind);
        return rows;
      },
      markRetry: (id, nextAttemptAt, error, counts) => {
        inner.markRetry(id, nextAttemptAt, error, counts);
        this.retried.inc({ kind: kindOf(id) });
      },
      markDropped: (id, reason, at) => {
        inner.markDropped(id, reason, at);
        this.dropped.inc({ kind: kindOf(id) });
      },
    });
  }

  private collectPending(pending: Gauge<'kind'>, oldest: Gauge): void {
    pending.reset();
    oldest.set(0);
    const sources = this.sources;
    const rows = sources && this.errors.read('outbox', () => sources.store.pendingOutbox());
    if (!sources || !rows) return;
    let first = Infinity;
    for (const row of rows) {
      pending.set({ kind: row.kind }, row.count);
      first = Math.min(first, row.oldest.getTime());
    }
    if (Number.isFinite(first)) oldest.set(Math.max(0, (sources.now().getTime() - first) / 1000));
  }
}
