import { Counter, Gauge, type Registry } from 'prom-client';
import type { AuditEntry, AuditLog } from '../access/audit';
import { decorate } from './decorate';
import { PREFIX } from './metric-labels';
import type { MetricsStore } from './metrics-store';
import type { ScrapeErrors } from './scrape-errors';

/** What the approvals gauge reads when scraped. */
export interface ActionSources {
  store: Pick<MetricsStore, 'openApprovals'>;
  now(): Date;
}

const ACTIONS = new Set<AuditEntry['action']>(['stop', 'recover']);

/**
 * Stops and recovers by result, as the audit trail records them (so one attempt may count more
 * than once: requested, then approved, then executed), and the approval requests still open.
 */
export class ActionMetrics {
  private readonly actions: Counter<'cluster' | 'action' | 'result'>;
  private sources: ActionSources | null = null;

  constructor(
    registry: Registry,
    private readonly errors: ScrapeErrors,
  ) {
    this.actions = new Counter({
      name: `${PREFIX}actions_total`,
      help:
        'Audit entries of stop and recover attempts, by cluster, action and result: denied, requested, approved, rejected, expired, ' +
        'executed, refused, refused-by-server, failed, outcome-unknown.',
      labelNames: ['cluster', 'action', 'result'],
      registers: [registry],
    });
    const open: Gauge<'cluster' | 'action'> = new Gauge({
      name: `${PREFIX}approvals_open`,
      help: 'Approval requests waiting for a decision (pending, not expired), by cluster and action.',
      labelNames: ['cluster', 'action'],
      registers: [registry],
      collect: () => {
        open.reset();
        const sources = this.sources;
        const rows = sources && this.errors.read('approvals', () => sources.store.openApprovals(sources.now()));
        for (const row of rows ?? []) open.set({ cluster: row.cluster, action: row.action }, row.count);
      },
    });
  }

  readAt(sources: ActionSources): void {
    this.sources = sources;
  }

  /**
   * The audit log, counting each stop or recover entry once it is written. It keeps the
   * repository's own type: the action intents write outcomes through it in their transactions.
   */
  auditLog<T extends AuditLog>(inner: T): T {
    return decorate(inner, {
      record: (entry: AuditEntry) => {
        inner.record(entry);
        if (ACTIONS.has(entry.action)) this.actions.inc({ cluster: entry.cluster, action: entry.action, result: entry.result });
      },
    } as Partial<T>);
  }
}
