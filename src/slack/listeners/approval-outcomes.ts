import type { ActionIntent } from '../../access/action-intents';
import type { Approval } from '../../access/approvals';
import { type FinishedIntent, finishInterruptedActions } from '../../access/interrupted-actions';
import { interruptedText } from '../blocks/action-outcome';
import { approvalOutcomeMessage } from '../blocks/approval';
import { notice } from '../blocks/notice';
import { decodeOrigin } from '../interactive/job-ref';
import { slackErrorReason } from '../web-api/slack-errors';
import { redraw } from './job-action';
import { type ListenerDeps, spaceLookup } from './listener-deps';

/**
 * Tells the requester how their request ended, in the message they clicked when the Slack
 * response_url still allows it (30 minutes), else as a new message to them.
 */
export async function tellRequester(deps: ListenerDeps, approval: Approval, banner: string): Promise<void> {
  await tellAt(deps, approval, banner, { approval: approval.id }, approval.requesterId);
}

type Requested = Pick<Approval, 'cluster' | 'space' | 'jobId' | 'requesterResponseUrl' | 'requesterContext'>;

async function tellAt(deps: ListenerDeps, requested: Requested, banner: string, logged: Record<string, unknown>, requesterId?: string): Promise<void> {
  if (!requested.requesterResponseUrl) return;
  const ref = { cluster: requested.cluster, space: requested.space, jobId: requested.jobId };
  try {
    const origin = await decodeOrigin(requested.requesterContext ?? 'c', spaceLookup(deps));
    const message =
      origin.kind === 'list' || origin.kind === 'detail'
        ? await redraw(deps, origin, ref, banner, requesterId)
        : { ...notice(banner), response_type: 'ephemeral' as const, replace_original: false };
    await deps.poster.respondTo(requested.requesterResponseUrl, message);
  } catch (error) {
    deps.logger.warn('approval.requester_not_told', { ...logged, error: (error as Error).message });
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

/**
 * An action the bot was carrying out when it stopped, resolved at the next start: an approval
 * request's buttons give way to the outcome, and whoever asked hears of it (Slack keeps a
 * response_url for 30 minutes).
 */
export async function announceInterrupted(deps: ListenerDeps, finished: FinishedIntent): Promise<void> {
  const { approval, intent } = finished;
  const text = interruptedText(finished);
  if (!approval) {
    await tellAt(deps, intent, text, { intent: intent.id });
    return;
  }
  if (approval.message) {
    await deps.poster
      .update(approval.message.channel, approval.message.ts, approvalOutcomeMessage(approval, finished.job, text))
      .catch((error: unknown) => deps.logger.warn('approval.update_failed', { approval: approval.id, error: slackErrorReason(error) }));
  }
  await tellRequester(deps, approval, text);
}

/**
 * Writes what the database refused earlier, then resolves the actions a dead process left and
 * tells people how they ended. Run soon after start-up and by the sweep; returns how many
 * outcomes were written.
 */
export async function finishActions(deps: ListenerDeps, abandoned: (intent: ActionIntent) => boolean): Promise<number> {
  const written = deps.unrecorded.flush(deps);
  if (written > 0) deps.logger.info('audit.recorded_late', { entries: written, waiting: deps.unrecorded.size });
  const finished = await finishInterruptedActions(deps, abandoned);
  for (const done of finished) {
    const { intent } = done;
    deps.logger.info('action.recovered', { space: intent.space, job: intent.jobId, action: intent.action, result: done.result, approval: intent.approvalId });
    await announceInterrupted(deps, done);
  }
  return written + finished.length;
}
