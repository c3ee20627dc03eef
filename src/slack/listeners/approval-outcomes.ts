import { Approval } from '../../access/approvals';
import { approvalOutcomeMessage } from '../blocks/approval';
import { notice } from '../blocks/notice';
import { decodeOrigin } from '../interactive/job-ref';
import { slackErrorReason } from '../web-api/slack-errors';
import { redraw } from './job-action';
import { ListenerDeps } from './listener-deps';

/**
 * Tells the requester how their request ended, in the message they clicked when the Slack
 * response_url still allows it (30 minutes), else as a new message to them.
 */
export async function tellRequester(deps: ListenerDeps, approval: Approval, banner: string): Promise<void> {
  if (!approval.requesterResponseUrl) return;
  const ref = { space: approval.space, jobId: approval.jobId };
  try {
    const origin = decodeOrigin(approval.requesterContext ?? 'c');
    const message =
      origin.kind === 'list' || origin.kind === 'detail'
        ? await redraw(deps, origin, ref, banner)
        : { ...notice(banner), response_type: 'ephemeral' as const, replace_original: false };
    await deps.poster.respondTo(approval.requesterResponseUrl, message);
  } catch (error) {
    deps.logger.warn('approval.requester_not_told', { approval: approval.id, error: (error as Error).message });
  }
}

export const EXPIRED_TEXT = ':hourglass: This request expired before anyone decided; nothing was done.';

/** An approval that ran out of time: its buttons go, and the requester hears of it. */
export async function announceExpired(deps: ListenerDeps, approval: Approval): Promise<void> {
  if (approval.message) {
    await deps.poster
      .update(approval.message.channel, approval.message.ts, approvalOutcomeMessage(approval, null, EXPIRED_TEXT))
      .catch((error: unknown) => deps.logger.warn('approval.update_failed', { approval: approval.id, error: slackErrorReason(error) }));
  }
  await tellRequester(deps, approval, `:hourglass: Your request to ${approval.action} job ${approval.jobId} expired before an admin decided; nothing was done.`);
}
