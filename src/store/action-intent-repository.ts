import type { ActionIntent, Claim, IntentStore, NewIntent, Resolution } from '../access/action-intents';
import type { AuditEntry } from '../access/audit';
import type { SpaceRef } from '../spaces/space-ref';
import type { ApprovalRepository } from './approval-repository';
import type { AuditRepository } from './audit-repository';
import type { SqliteDatabase } from './database';

interface Row {
  id: number;
  cluster: string;
  space: string;
  job_id: number;
  action: ActionIntent['action'];
  actor_id: string;
  approval_id: string | null;
  note: string;
  requester_response_url: string | null;
  requester_context: string | null;
  holder: string;
  started_at: number;
  sent_at: number | null;
  status_before: string | null;
}

function toIntent(row: Row): ActionIntent {
  return {
    id: row.id,
    cluster: row.cluster,
    space: row.space,
    jobId: row.job_id,
    action: row.action,
    actorId: row.actor_id,
    approvalId: row.approval_id,
    note: row.note,
    requesterResponseUrl: row.requester_response_url,
    requesterContext: row.requester_context,
    holder: row.holder,
    startedAt: new Date(row.started_at),
    sentAt: row.sent_at === null ? null : new Date(row.sent_at),
    statusBefore: row.status_before,
  };
}

/** Thrown inside a claim to roll back what it did (an approval decision) when the job is held. */
class Held extends Error {
  constructor(readonly intent: ActionIntent) {
    super('held');
  }
}

/**
 * Intents in SQLite. Claims run in IMMEDIATE transactions (the write lock first, then the check),
 * so two processes cannot both claim a job; the unique index on (cluster, space, job_id) backs that up.
 * Resolving deletes the row in the transaction that writes the audit entry and the approval's
 * outcome: an outcome is recorded exactly once, by whoever deletes the row.
 */
export class ActionIntentRepository implements IntentStore {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly holder: string,
    private readonly audit: AuditRepository,
    private readonly approvals: ApprovalRepository,
  ) {}

  claim(intent: NewIntent, approval?: { deciderId: string; at: Date; audit: AuditEntry }): Claim {
    const claim = this.db.transaction((): Claim => {
      if (approval && !(intent.approvalId && this.approvals.decide(intent.approvalId, 'approved', approval.deciderId, approval.at))) {
        return { kind: 'not-pending' };
      }
      const held = this.heldOn(intent, intent.jobId);
      if (held) throw new Held(held);
      const id = Number(
        this.db
          .prepare(
            `INSERT INTO action_intents (cluster, space, job_id, action, actor_id, approval_id, note, requester_response_url,
               requester_context, holder, started_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            intent.cluster,
            intent.space,
            intent.jobId,
            intent.action,
            intent.actorId,
            intent.approvalId,
            intent.note,
            intent.requesterResponseUrl ?? null,
            intent.requesterContext ?? null,
            this.holder,
            intent.startedAt.getTime(),
          ).lastInsertRowid,
      );
      if (approval) this.audit.record(approval.audit);
      return { kind: 'claimed', intent: this.get(id) as ActionIntent };
    });
    try {
      return claim.immediate();
    } catch (error) {
      if (error instanceof Held) return { kind: 'busy', heldBy: error.intent };
      throw error;
    }
  }

  markSent(id: number, statusBefore: string, at: Date): void {
    this.db.prepare('UPDATE action_intents SET sent_at = ?, status_before = ? WHERE id = ?').run(at.getTime(), statusBefore, id);
  }

  resolve(id: number, resolution: Resolution): boolean {
    const resolve = this.db.transaction((): boolean => {
      const intent = this.get(id);
      if (!intent) return false;
      this.db.prepare('DELETE FROM action_intents WHERE id = ?').run(id);
      this.audit.record(resolution.audit);
      if (resolution.approval && intent.approvalId) this.approvals.finish(intent.approvalId, resolution.approval.status, resolution.approval.detail);
      return true;
    });
    return resolve.immediate();
  }

  unresolved(): ActionIntent[] {
    return (this.db.prepare('SELECT * FROM action_intents ORDER BY id').all() as Row[]).map(toIntent);
  }

  private get(id: number): ActionIntent | null {
    const row = this.db.prepare('SELECT * FROM action_intents WHERE id = ?').get(id) as Row | undefined;
    return row ? toIntent(row) : null;
  }

  private heldOn(ref: SpaceRef, jobId: number): ActionIntent | null {
    const row = this.db.prepare('SELECT * FROM action_intents WHERE cluster = ? AND space = ? AND job_id = ?').get(ref.cluster, ref.space, jobId) as Row | undefined;
    return row ? toIntent(row) : null;
  }
}
