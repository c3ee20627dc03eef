import type { Approval, ApprovalStore } from './approvals';
import type { AuditLog } from './audit';

export function expiredBeforeDecision(approval: Approval): string {
  return `approval ${approval.id} expired before a decision`;
}

/**
 * Marks pending requests whose time ran out as expired, each recorded once in the audit trail,
 * and returns them as stored now. Decisions are checked against the expiry anyway; this lets
 * the Slack side take the Approve buttons away and tell the requester.
 */
export function expireOverdueApprovals(deps: { approvals: ApprovalStore; audit: AuditLog; now: () => Date }): Approval[] {
  const now = deps.now();
  const expired: Approval[] = [];
  for (const approval of deps.approvals.overdue(now)) {
    if (!deps.approvals.expire(approval.id, now)) continue;
    const { requesterId: userId, cluster, space, jobId, action } = approval;
    deps.audit.record({ at: now, userId, cluster, space, jobId, action, result: 'expired', detail: expiredBeforeDecision(approval) });
    expired.push(deps.approvals.get(approval.id) ?? approval);
  }
  return expired;
}
