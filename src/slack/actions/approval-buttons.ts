import type { BlockAction, BlockElementAction } from '@slack/bolt';
import { decideApproval } from '../../access/act-on-job';
import { Approval } from '../../access/approvals';
import { latestJob } from '../../jobs/perform-action';
import { outcomeText } from '../blocks/action-outcome';
import { approvalOutcomeMessage } from '../blocks/approval';
import { SlackMessage } from '../blocks/message';
import { decodeOrigin } from '../job-ref';
import { privateNotice, redraw } from '../job-action-flow';
import { notice } from '../blocks/notice';
import { SlackServices } from '../services';
import { valueOf } from './interaction';

/**
 * Tells the requester how their request ended, in the message they clicked when the Slack
 * response_url still allows it (30 minutes), else as a new message to them.
 */
export async function tellRequester(services: SlackServices, approval: Approval, banner: string): Promise<void> {
  if (!approval.requesterResponseUrl) return;
  const ref = { space: approval.space, jobId: approval.jobId };
  try {
    const origin = decodeOrigin(approval.requesterContext ?? 'c');
    const message = origin.kind === 'list' || origin.kind === 'detail'
      ? await redraw(services, origin, ref, banner)
      : { ...notice(banner), response_type: 'ephemeral' as const, replace_original: false };
    await services.poster.respondTo(approval.requesterResponseUrl, message);
  } catch (error) {
    services.logger.warn('approval.requester_not_told', { approval: approval.id, error: (error as Error).message });
  }
}

function decisionText(approval: Approval): string {
  switch (approval.status) {
    case 'expired':
      return `:hourglass: This request expired before anyone decided; nothing was done.`;
    case 'rejected':
      return `:x: Rejected by <@${approval.decidedBy}>; nothing was done.`;
    default:
      return `Decided by <@${approval.decidedBy}>: ${approval.status}.`;
  }
}

/** Approve / Reject clicks on an approval request. */
export function approvalClick(decision: 'approve' | 'reject') {
  return async (services: SlackServices, body: BlockAction, element: BlockElementAction): Promise<SlackMessage> => {
    const outcome = await decideApproval(services, { approvalId: valueOf(element) ?? '', deciderId: body.user.id, decision });
    if (outcome.kind === 'not-allowed') return privateNotice(`:lock: ${outcome.reason}`);
    if (outcome.kind === 'already-decided') {
      const { approval } = outcome;
      return privateNotice(`:information_source: Already decided${approval.decidedBy ? ` by <@${approval.decidedBy}>` : ''}: ${approval.status}.`);
    }
    const { approval } = outcome;
    const text = outcome.kind === 'approved'
      ? outcomeText(approval.action, approval.jobId, outcome.result, approval.requesterId, approval.decidedBy ?? undefined)
      : decisionText(approval);
    const job = outcome.kind === 'approved' ? latestJob(outcome.result) : null;
    await tellRequester(services, approval, text);
    return { ...approvalOutcomeMessage(approval, job, text), replace_original: true };
  };
}
