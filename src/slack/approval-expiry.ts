import { approvalOutcomeMessage } from './blocks/approval';
import { tellRequester } from './actions/approval-buttons';
import { SlackServices } from './services';

/**
 * Marks approval requests whose time ran out, so their Approve buttons disappear and the
 * requester hears of it. Clicks are checked against the expiry anyway; this keeps Slack honest.
 */
export async function expireOverdueApprovals(services: SlackServices): Promise<number> {
  const now = services.now();
  let expired = 0;
  for (const approval of services.approvals.overdue(now)) {
    if (!services.approvals.expire(approval.id, now)) continue;
    expired += 1;
    services.audit.record({ at: now, userId: approval.requesterId, space: approval.space, jobId: approval.jobId, action: approval.action, result: 'expired', detail: `approval ${approval.id} expired before a decision` });
    const text = ':hourglass: This request expired before anyone decided; nothing was done.';
    const latest = services.approvals.get(approval.id) ?? approval;
    if (latest.message) {
      await services.poster
        .update(latest.message.channel, latest.message.ts, approvalOutcomeMessage(latest, null, text))
        .catch((error: unknown) => services.logger.warn('approval.update_failed', { approval: approval.id, error: (error as Error).message }));
    }
    await tellRequester(services, latest, `:hourglass: Your request to ${approval.action} job ${approval.jobId} expired before an admin decided; nothing was done.`);
  }
  return expired;
}
