import type { NewStopFollow, Place } from '../../alerts/follows';
import type { ActionResult } from '../../jobs/perform-action';
import { STOP_FOLLOW_MS, shouldFollowStop } from '../../jobs/stop-settlement';
import type { JobRef } from '../interactive/job-ref';
import type { ListenerDeps } from './listener-deps';

/**
 * Where a stop's follow-through is told: in the thread of the message it happened on when that
 * message is one the bot can reply to (an approval request, an alert, a shared or direct-message
 * list), else (a list or detail only the clicker saw, a typed command's confirmation) in the
 * person's messages with the bot: an ephemeral message has no thread and may be gone by then.
 */
export function stopFollowPlace(userId: string, clicked: { channel: string; ts: string; ephemeral: boolean } | null): Place {
  return clicked && !clicked.ephemeral ? { channel: clicked.channel, threadTs: clicked.ts } : { channel: userId, threadTs: null };
}

/**
 * After a stop went out: follow the job until its tasks settle (nothing when the stop did not
 * happen). Returns a sentence saying so, for the outcome's banner (null when not followed).
 */
export function followStop(
  deps: ListenerDeps,
  ref: JobRef,
  result: ActionResult,
  who: { actorId: string; approverId: string | null },
  place: Place,
  threadName?: string,
): string | null {
  if (!shouldFollowStop(result)) return null;
  const now = deps.now();
  const follow: NewStopFollow = {
    cluster: ref.cluster,
    space: ref.space,
    jobId: ref.jobId,
    userId: who.actorId,
    approverId: who.approverId,
    notify: place,
    startedAt: now,
    until: new Date(now.getTime() + STOP_FOLLOW_MS),
  };
  try {
    deps.follows.addStop(follow);
  } catch (error) {
    // The stop itself is done and recorded; only its follow-through is lost.
    deps.logger.warn('follow.stop_not_recorded', { space: ref.space, job: ref.jobId, error });
    return null;
  }
  const where = place.threadTs ? (threadName ?? 'in the thread of the message clicked') : `in <@${who.actorId}>'s messages with the bot`;
  return `:eyes: The bot follows the job until its tasks end (${STOP_FOLLOW_MS / 60_000} min at most) and says how ${where}.`;
}
