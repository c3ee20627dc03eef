import { requestJobAction } from '../access/act-on-job';
import { Approval } from '../access/approvals';
import { Job } from '../jobs/job';
import { listJobs } from '../jobs/list-jobs';
import { JobAction } from '../jobs/rules';
import { showJob } from '../jobs/show-job';
import { changesTheJob, outcomeText } from './blocks/action-outcome';
import { approvalRequestMessage } from './blocks/approval';
import { slackDate } from './blocks/format';
import { jobDetailMessage } from './blocks/job-detail';
import { jobListMessage } from './blocks/job-list';
import { SlackMessage } from './blocks/message';
import { notice } from './blocks/notice';
import { encodeOrigin, JobRef, Origin } from './job-ref';
import { Requester, SlackServices } from './services';

/** A reply for the clicker alone, leaving the message they clicked as it is. */
export function privateNotice(text: string, hint?: string): SlackMessage {
  return { ...notice(text, hint), response_type: 'ephemeral', replace_original: false };
}

/**
 * Draws the message a stop/recover came from again, with what just happened on top: the list
 * or detail in place; a typed command or an alert gets a new message with the job's detail.
 */
export async function redraw(services: SlackServices, origin: Origin, ref: JobRef, banner: string): Promise<SlackMessage> {
  if (origin.kind === 'list') {
    const { view } = origin;
    const listing = await listJobs(services.gateway, { space: view.space, query: view.query, page: view.page }, services.now);
    return { ...jobListMessage(listing, view.share, services.now(), banner), replace_original: true };
  }
  const detail = jobDetailMessage(await showJob(services.gateway, ref.space, ref.jobId, services.now), services.now(), banner);
  return { ...detail, response_type: 'ephemeral', replace_original: origin.kind === 'detail' };
}

async function postApprovalRequest(services: SlackServices, outcome: { approval: Approval; job: Job }, channelId: string): Promise<string> {
  const channel = services.policy.approvals.channel ?? channelId;
  const posted = await services.poster.post(channel, approvalRequestMessage(outcome.approval, outcome.job));
  services.approvals.attachMessage(outcome.approval.id, posted);
  return posted.channel;
}

/** Stop or recover from a click or a typed command: permission, approval, then graphd. */
export async function runJobAction(
  services: SlackServices,
  requester: Requester & { responseUrl: string | null },
  ref: JobRef,
  action: JobAction,
  origin: Origin,
): Promise<SlackMessage> {
  const outcome = await requestJobAction(services, {
    userId: requester.userId,
    channelId: requester.channelId,
    responseUrl: requester.responseUrl,
    context: encodeOrigin(origin),
    space: ref.space,
    jobId: ref.jobId,
    action,
  });
  if (outcome.kind === 'denied') return privateNotice(`:lock: ${outcome.reason}`);
  if (outcome.kind === 'approval-requested') {
    let channel: string;
    try {
      channel = await postApprovalRequest(services, outcome, requester.channelId);
    } catch (error) {
      const reason = (error as { data?: { error?: string } }).data?.error ?? (error as Error).message;
      services.approvals.finish(outcome.approval.id, 'failed', `could not post the request: ${reason}`);
      services.audit.record({ at: services.now(), userId: requester.userId, space: ref.space, jobId: ref.jobId, action, result: 'failed', detail: `approval request not posted: ${reason}` });
      return privateNotice(`:warning: This needs an admin's approval, but the request could not be posted (${reason}).`, 'Check that the bot is a member of the approvals channel.');
    }
    const banner = `:hourglass_flowing_sand: <@${requester.userId}> asked an admin to approve: ${action} job ${ref.jobId}. The request is in <#${channel}> and expires ${slackDate(outcome.approval.expiresAt)}.`;
    return redraw(services, origin, ref, banner);
  }
  const text = outcomeText(action, ref.jobId, outcome.result, outcome.actorId);
  return changesTheJob(outcome.result) ? redraw(services, origin, ref, text) : privateNotice(text);
}
