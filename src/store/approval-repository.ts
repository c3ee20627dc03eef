import { randomUUID } from 'node:crypto';
import type { Approval, ApprovalDecision, ApprovalStatus, ApprovalStore, NewApproval } from '../access/approvals';
import type { SqliteDatabase } from './database';

interface Row {
  id: string;
  action: Approval['action'];
  cluster: string;
  space: string;
  job_id: number;
  requester_id: string;
  requested_in: string;
  requester_response_url: string | null;
  requester_context: string | null;
  status: ApprovalStatus;
  created_at: number;
  expires_at: number;
  decided_by: string | null;
  decided_at: number | null;
  detail: string | null;
  message_channel: string | null;
  message_ts: string | null;
}

function toApproval(row: Row): Approval {
  return {
    id: row.id,
    action: row.action,
    cluster: row.cluster,
    space: row.space,
    jobId: row.job_id,
    requesterId: row.requester_id,
    requestedIn: row.requested_in,
    requesterResponseUrl: row.requester_response_url,
    requesterContext: row.requester_context,
    status: row.status,
    createdAt: new Date(row.created_at),
    expiresAt: new Date(row.expires_at),
    decidedBy: row.decided_by,
    decidedAt: row.decided_at === null ? null : new Date(row.decided_at),
    detail: row.detail,
    message: row.message_channel && row.message_ts ? { channel: row.message_channel, ts: row.message_ts } : null,
  };
}

export class ApprovalRepository implements ApprovalStore {
  constructor(private readonly db: SqliteDatabase) {}

  create(approval: NewApproval): Approval {
    const id = randomUUID();
    this.db
      .prepare(
        `INSERT INTO approvals (id, action, cluster, space, job_id, requester_id, requested_in, requester_response_url,
           requester_context, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        approval.action,
        approval.cluster,
        approval.space,
        approval.jobId,
        approval.requesterId,
        approval.requestedIn,
        approval.requesterResponseUrl,
        approval.requesterContext,
        approval.createdAt.getTime(),
        approval.expiresAt.getTime(),
      );
    return this.get(id) as Approval;
  }

  get(id: string): Approval | null {
    const row = this.db.prepare('SELECT * FROM approvals WHERE id = ?').get(id) as Row | undefined;
    return row ? toApproval(row) : null;
  }

  attachMessage(id: string, message: { channel: string; ts: string }): void {
    this.db.prepare('UPDATE approvals SET message_channel = ?, message_ts = ? WHERE id = ?').run(message.channel, message.ts, id);
  }

  decide(id: string, decision: ApprovalDecision, deciderId: string, at: Date): boolean {
    const changed = this.db
      .prepare(
        `UPDATE approvals SET status = ?, decided_by = ?, decided_at = ?
         WHERE id = ? AND status = 'pending' AND expires_at > ?`,
      )
      .run(decision, deciderId, at.getTime(), id, at.getTime()).changes;
    return changed === 1;
  }

  expire(id: string, at: Date): boolean {
    return (
      this.db.prepare(`UPDATE approvals SET status = 'expired', decided_at = ? WHERE id = ? AND status = 'pending' AND expires_at <= ?`).run(at.getTime(), id, at.getTime())
        .changes === 1
    );
  }

  finish(id: string, status: ApprovalStatus, detail: string): void {
    this.db.prepare('UPDATE approvals SET status = ?, detail = ? WHERE id = ?').run(status, detail, id);
  }

  overdue(at: Date): Approval[] {
    const rows = this.db.prepare(`SELECT * FROM approvals WHERE status = 'pending' AND expires_at <= ? ORDER BY expires_at`).all(at.getTime()) as Row[];
    return rows.map(toApproval);
  }
}
