import type { RetentionStore } from '../alerts/retention';
import type { SqliteDatabase } from './database';
import { deleteInBatches } from './delete-in-batches';
import { OutboxRepository } from './outbox-repository';

/** The pruning statements of every table that grows with use; the outbox's own stay in its repository. */
export class RetentionRepository implements RetentionStore {
  private readonly outbox: OutboxRepository;

  constructor(private readonly db: SqliteDatabase) {
    this.outbox = new OutboxRepository(db);
  }

  pruneOutbox(finishedBefore: Date): number {
    return this.outbox.pruneFinished(finishedBefore);
  }

  pruneAlertThreads(unchangedSince: Date): number {
    return this.outbox.pruneThreads(unchangedSince);
  }

  pruneAudit(before: Date): number {
    return deleteInBatches(this.db, 'SELECT id FROM audit_log WHERE at < ?', 'DELETE FROM audit_log WHERE id IN', [before.getTime()]);
  }

  /** Approvals no longer pending (decided, expired, carried out) and decided before `before`. */
  pruneDecidedApprovals(before: Date): number {
    return deleteInBatches(this.db, `SELECT id FROM approvals WHERE status <> 'pending' AND COALESCE(decided_at, created_at) < ?`, 'DELETE FROM approvals WHERE id IN', [
      before.getTime(),
    ]);
  }
}
