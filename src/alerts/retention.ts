import type { Logger } from '../logging/logger';

const DAY_MS = 24 * 3_600_000;

/** Sent and dropped messages are kept this long (for a look at what went out), then pruned. */
export const OUTBOX_RETENTION_DAYS = 7;
/** A job's alert thread outlives the job's last listing by this long, then is pruned. */
export const ALERT_THREAD_RETENTION_DAYS = 30;
/** How often retention runs (with a poll, only in the process holding the poller lease). */
export const RETENTION_INTERVAL_MS = 3_600_000;

/** What can be pruned, by age; implemented over SQLite in store/. */
export interface RetentionStore {
  pruneOutbox(finishedBefore: Date): number;
  /** Threads unchanged since the date whose job the poller no longer tracks. */
  pruneAlertThreads(unchangedSince: Date): number;
  pruneAudit(before: Date): number;
  pruneDecidedApprovals(before: Date): number;
}

export interface RetentionDeps {
  store: RetentionStore;
  now: () => Date;
  logger: Logger;
  /** Audit entries and decided approvals older than this are pruned; 0 keeps them forever. */
  auditRetentionDays: number;
}

export interface PruneReport {
  outbox: number;
  alertThreads: number;
  audit: number;
  approvals: number;
}

/**
 * Keeps the tables that grow with use bounded: sent and dropped messages after a week, alert
 * threads of jobs long gone after a month, audit entries and decided approvals after
 * AUDIT_RETENTION_DAYS. Pending messages and pending approvals are never pruned.
 */
export class Retention {
  private lastRun: number | null = null;

  constructor(private readonly deps: RetentionDeps) {}

  /** Prunes if an interval has passed since the last run (or the clock moved back past it). */
  runIfDue(): PruneReport | null {
    const now = this.deps.now().getTime();
    if (this.lastRun !== null && Math.abs(now - this.lastRun) < RETENTION_INTERVAL_MS) return null;
    this.lastRun = now;
    try {
      return this.run();
    } catch (error) {
      // Next interval tries again; a full disk is reported by the sender, not here.
      this.deps.logger.warn('retention.failed', { error });
      return null;
    }
  }

  run(): PruneReport {
    const now = this.deps.now().getTime();
    const { store, auditRetentionDays } = this.deps;
    const before = (days: number): Date => new Date(now - days * DAY_MS);
    const report: PruneReport = {
      outbox: store.pruneOutbox(before(OUTBOX_RETENTION_DAYS)),
      alertThreads: store.pruneAlertThreads(before(ALERT_THREAD_RETENTION_DAYS)),
      audit: auditRetentionDays > 0 ? store.pruneAudit(before(auditRetentionDays)) : 0,
      approvals: auditRetentionDays > 0 ? store.pruneDecidedApprovals(before(auditRetentionDays)) : 0,
    };
    if (Object.values(report).some((count) => count > 0)) this.deps.logger.info('retention.pruned', { ...report });
    return report;
  }
}
