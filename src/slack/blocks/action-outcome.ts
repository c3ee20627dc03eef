import type { ActionIntent } from '../../access/action-intents';
import type { FinishedIntent } from '../../access/interrupted-actions';
import type { Role } from '../../access/policy';
import type { NewStopFollow } from '../../alerts/follows';
import type { ActionResult } from '../../jobs/perform-action';
import { isAlreadyDone, type JobAction } from '../../jobs/rules';
import { escapeText, literal, slackDate } from './format';

const PAST: Record<JobAction, string> = { stop: 'stopped', recover: 'recovered' };
const DOING: Record<JobAction, string> = { stop: 'stopping', recover: 'recovering' };
const ICON: Record<JobAction, string> = { stop: ':octagonal_sign:', recover: ':recycle:' };

function by(actorId: string, approverId?: string | null): string {
  return `<@${actorId}>${approverId ? ` (approved by <@${approverId}>)` : ''}`;
}

/** One line saying what became of a stop/recover and who did it, for banners and notices. */
export function outcomeText(action: JobAction, jobId: number, result: ActionResult, actorId: string, approverId?: string): string {
  switch (result.result) {
    case 'executed':
      return `${ICON[action]} ${by(actorId, approverId)} ${PAST[action]} job ${jobId}; it is now *${literal(result.after?.status ?? 'unknown')}*.`;
    case 'refused':
      // Stopping a stopped job: graphd would accept it and only move the stop time. Not an error.
      if (isAlreadyDone(action, result.before)) {
        const since = result.before.stopTime ? ` (since ${slackDate(result.before.stopTime)})` : '';
        return `:information_source: Job ${jobId} is already stopped${since}; nothing to do.`;
      }
      return `:no_entry_sign: Job ${jobId} was not ${PAST[action]}: ${escapeText(result.reason)}`;
    case 'refused-by-server':
      return `:no_entry_sign: NebulaGraph refused to ${action} job ${jobId}: ${escapeText(result.reason)}`;
    case 'outcome-unknown':
      return `:grey_question: ${by(actorId, approverId)} asked to ${action} job ${jobId}, but NebulaGraph did not confirm in time. It was not sent again; the job now shows *${literal(result.after?.status ?? 'unknown')}*.`;
  }
}

/**
 * Added to an outcome the audit trail could not take (a full disk): what ran is said above it;
 * this says it is not yet recorded, and that repeating the action is not the fix.
 */
export function unrecordedText(action: JobAction, result: ActionResult, reason: string): string {
  const sent = result.result === 'executed' || result.result === 'outcome-unknown';
  const advice = sent ? ` Do not ${action} it again: the request reached NebulaGraph.` : '';
  return `:warning: The bot could not write it to its audit trail (${escapeText(reason)}); it will be recorded once the database can be written again.${advice}`;
}

/**
 * Added to a stop's outcome when the bot follows it (alerts/follow-stop.ts): how long, and where
 * it says how the job's tasks ended. `threadName`: how to call the thread it says it in.
 */
export function stopFollowText(follow: NewStopFollow, threadName = 'in the thread of the message clicked'): string {
  const where = follow.notify.threadTs ? threadName : `in <@${follow.userId}>'s messages with the bot`;
  const minutes = (follow.until.getTime() - follow.startedAt.getTime()) / 60_000;
  return `:eyes: The bot follows the job until its tasks end (${minutes} min at most) and says how ${where}.`;
}

/** Why a click sent nothing: another stop or recover of the job is under way (or not yet recorded). */
export function busyText(heldBy: ActionIntent, clickerId: string): string {
  const who = heldBy.actorId === clickerId ? 'You are' : `<@${heldBy.actorId}> is`;
  return `:hourglass_flowing_sand: ${who} already ${DOING[heldBy.action]} job ${heldBy.jobId} (since ${slackDate(heldBy.startedAt)}), so nothing more was sent. Look at the job again once that is done.`;
}

/** An approval whose requester lost the operator role while it waited. */
export function requesterLostRoleText(action: JobAction, jobId: number, space: string, requesterId: string, approverId: string, role: Role): string {
  return `:lock: <@${approverId}> approved, but <@${requesterId}> is no longer an operator of \`${escapeText(space)}\` (now a ${role} there), so the bot did not ${action} job ${jobId}; nothing was sent.`;
}

/** An action the bot was carrying out when it stopped, as resolved by the next start. */
export function interruptedText(finished: FinishedIntent): string {
  const { intent, job, approval } = finished;
  const who = by(intent.actorId, approval?.decidedBy);
  const now = job ? `it is now *${literal(job.status)}*` : 'NebulaGraph no longer lists it';
  switch (finished.result) {
    case 'executed':
      return `${ICON[intent.action]} ${who} ${PAST[intent.action]} job ${intent.jobId}; ${now}. (The bot restarted before NebulaGraph answered; this was confirmed by reading the job again.)`;
    case 'outcome-unknown':
      return `:grey_question: ${who} asked to ${intent.action} job ${intent.jobId}, but the bot restarted before NebulaGraph answered. It was not sent again; ${now}.`;
    case 'failed':
      return `:warning: The bot restarted before it could ${intent.action} job ${intent.jobId} for ${who}; nothing was sent.`;
  }
}

/** Only a confirmed or possibly-applied change redraws the shared message; refusals go to the clicker alone. */
export function changesTheJob(result: ActionResult): boolean {
  return result.result === 'executed' || result.result === 'outcome-unknown';
}
