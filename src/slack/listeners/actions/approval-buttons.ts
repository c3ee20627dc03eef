import type { BlockAction, BlockElementAction } from '@slack/bolt';
import { decideApproval } from '../../../access/act-on-job';
import type { Approval } from '../../../access/approvals';
import { followStop, stopFollowPlace } from '../../../alerts/follow-stop';
import { latestJob } from '../../../jobs/perform-action';
import { busyText, outcomeText, requesterLostRoleText, stopFollowText, unrecordedText } from '../../blocks/action-outcome';
import { approvalOutcomeMessage } from '../../blocks/approval';
import type { SlackMessage } from '../../blocks/message';
import { EXPIRED_TEXT, tellRequester } from '../approval-outcomes';
import { privateNotice } from '../job-action';
import type { ListenerDeps } from '../listener-deps';
import { actionValue } from './interaction';

function decisionText(approval: Approval): string {
  switch (approval.status) {
    case 'expired':
      return EXPIRED_TEXT;
    case 'rejected':
      return `:x: Rejected by <@${approval.decidedBy}>; nothing was done.`;
    default:
      return `Decided by <@${approval.decidedBy}>: ${approval.status}.`;
  }
}

/** Approve / Reject clicks on an approval request. */
export function approvalClick(decision: 'approve' | 'reject') {
  return async (deps: ListenerDeps, body: BlockAction, element: BlockElementAction): Promise<SlackMessage> => {
    const outcome = await decideApproval(deps, { approvalId: actionValue(element) ?? '', deciderId: body.user.id, decision });
    if (outcome.kind === 'not-allowed') return privateNotice(`:lock: ${outcome.reason}`);
    if (outcome.kind === 'already-decided') {
      const { approval } = outcome;
      return privateNotice(`:information_source: Already decided${approval.decidedBy ? ` by <@${approval.decidedBy}>` : ''}: ${approval.status}.`);
    }
    if (outcome.kind === 'busy') {
      return privateNotice(`${busyText(outcome.heldBy, body.user.id)} This request stays open: approve it again if it is still needed.`);
    }
    const { approval } = outcome;
    let text: string;
    if (outcome.kind === 'approved') {
      text = outcomeText(approval.action, approval.jobId, outcome.result, approval.requesterId, approval.decidedBy ?? undefined);
      if (outcome.unrecorded) {
        deps.logger.error('audit.unrecorded', { approval: approval.id, result: outcome.result.result, error: outcome.unrecorded });
        text = `${text}\n${unrecordedText(approval.action, outcome.result, outcome.unrecorded)}`;
      }
    } else if (outcome.kind === 'requester-not-allowed') {
      text = requesterLostRoleText(approval.action, approval.jobId, approval.space, approval.requesterId, body.user.id, outcome.role);
    } else {
      text = decisionText(approval);
    }
    if (outcome.kind === 'approved' && approval.action === 'stop') {
      // Followed in the request's own thread, where the admins who decide are.
      const place = stopFollowPlace(approval.requesterId, approval.message ? { ...approval.message, ephemeral: false } : null);
      const ref = { cluster: approval.cluster, space: approval.space, jobId: approval.jobId };
      const followed = followStop(deps, { ref, result: outcome.result, actorId: approval.requesterId, approverId: approval.decidedBy, place });
      if (followed) text = `${text}\n${stopFollowText(followed, "in the approval request's thread")}`;
    }
    const job = outcome.kind === 'approved' ? latestJob(outcome.result) : null;
    await tellRequester(deps, approval, text);
    return { ...approvalOutcomeMessage(approval, job, text), replace_original: true };
  };
}
