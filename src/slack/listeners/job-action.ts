import { requestJobAction } from '../../access/act-on-job';
import type { Approval } from '../../access/approvals';
import { followStop, stopFollowPlace } from '../../alerts/follow-stop';
import type { Job } from '../../jobs/job';
import type { JobAction } from '../../jobs/rules';
import { busyText, changesTheJob, outcomeText, stopFollowText, unrecordedText } from '../blocks/action-outcome';
import { approvalRequestMessage } from '../blocks/approval';
import { slackDate } from '../blocks/format';
import type { SlackMessage } from '../blocks/message';
import { notice } from '../blocks/notice';
import { encodeOrigin, type JobRef, type Origin } from '../interactive/job-ref';
import { slackErrorReason } from '../web-api/slack-errors';
import { detailMessage, listMessage } from './job-views';
import type { ListenerDeps, Requester } from './listener-deps';

/** A reply for the clicker alone, leaving the message they clicked as it is. */
export function privateNotice(text: string, hint?: string): SlackMessage {
  return { ...notice(text, hint), response_type: 'ephemeral', replace_original: false };
}

/**
 * Draws the message a stop/recover came from again, with what just happened on top: the list
 * or detail in place; a typed command or an alert gets a new message with the job's detail.
 * `readerId`: whose pickers it shows.
 */
export async function redraw(deps: ListenerDeps, origin: Origin, ref: JobRef, banner: string, readerId?: string): Promise<SlackMessage> {
  if (origin.kind === 'list') return { ...(await listMessage(deps, origin.view, banner, readerId)), replace_original: true };
  return { ...(await detailMessage(deps, ref, banner, readerId)), response_type: 'ephemeral', replace_original: origin.kind === 'detail' };
}

async function postApprovalRequest(deps: ListenerDeps, outcome: { approval: Approval; job: Job }, channelId: string): Promise<string> {
  const channel = deps.policy.approvals.channel ?? channelId;
  const posted = await deps.poster.post(channel, approvalRequestMessage(outcome.approval, outcome.job));
  deps.approvals.attachMessage(outcome.approval.id, posted);
  return posted.channel;
}

/** Stop or recover from a click or a typed command: permission, approval, then graphd. */
export async function runJobAction(
  deps: ListenerDeps,
  requester: Requester & { responseUrl: string | null },
  ref: JobRef,
  action: JobAction,
  origin: Origin,
  /** The message clicked, for where a stop's follow-through is told (alerts/follow-stop.ts). */
  clicked: { channel: string; ts: string; ephemeral: boolean } | null = null,
): Promise<SlackMessage> {
  const outcome = await requestJobAction(deps, {
    userId: requester.userId,
    channelId: requester.channelId,
    responseUrl: requester.responseUrl,
    context: encodeOrigin(origin),
    cluster: ref.cluster,
    space: ref.space,
    jobId: ref.jobId,
    action,
  });
  if (outcome.kind === 'denied') return privateNotice(`:lock: ${outcome.reason}`);
  if (outcome.kind === 'approval-requested') {
    let channel: string;
    try {
      channel = await postApprovalRequest(deps, outcome, requester.channelId);
    } catch (error) {
      const reason = slackErrorReason(error);
      deps.approvals.finish(outcome.approval.id, 'failed', `could not post the request: ${reason}`);
      deps.audit.record({
        at: deps.now(),
        userId: requester.userId,
        cluster: ref.cluster,
        space: ref.space,
        jobId: ref.jobId,
        action,
        result: 'failed',
        detail: `approval request not posted: ${reason}`,
      });
      return privateNotice(
        `:warning: This needs an admin's approval, but the request could not be posted (${reason}).`,
        'Check that the bot is a member of the approvals channel.',
      );
    }
    const banner = `:hourglass_flowing_sand: <@${requester.userId}> asked an admin to approve: ${action} job ${ref.jobId}. The request is in <#${channel}> and expires ${slackDate(outcome.approval.expiresAt)}.`;
    return redraw(deps, origin, ref, banner, requester.userId);
  }
  if (outcome.kind === 'busy') return privateNotice(busyText(outcome.heldBy, requester.userId));
  const followed =
    action === 'stop' ? followStop(deps, { ref, result: outcome.result, actorId: outcome.actorId, approverId: null, place: stopFollowPlace(requester.userId, clicked) }) : null;
  let text = outcomeText(action, ref.jobId, outcome.result, outcome.actorId);
  if (followed) text = `${text} ${stopFollowText(followed)}`;
  if (outcome.unrecorded) {
    deps.logger.error('audit.unrecorded', { space: ref.space, job: ref.jobId, action, result: outcome.result.result, error: outcome.unrecorded });
    text = `${text}\n${unrecordedText(action, outcome.result, outcome.unrecorded)}`;
  }
  return changesTheJob(outcome.result) ? redraw(deps, origin, ref, text, requester.userId) : privateNotice(text);
}
