import type { ActionResult } from '../jobs/perform-action';
import { STOP_FOLLOW_MS, shouldFollowStop } from '../jobs/stop-settlement';
import type { Logger } from '../logging/logger';
import type { SpaceRef } from '../spaces/space-ref';
import type { FollowStore, MessageRef, NewStopFollow, Place } from './follows';

export interface FollowStopDeps {
  follows: Pick<FollowStore, 'addStop'>;
  now: () => Date;
  logger: Logger;
}

/** A stop that went out (or may have), and who did it. */
export interface StopDone {
  ref: SpaceRef & { jobId: number };
  result: ActionResult;
  /** Who stopped the job, or asked to. */
  actorId: string;
  approverId: string | null;
  /** Where its follow-through is told (stopFollowPlace). */
  place: Place;
}

/**
 * Where a stop's follow-through is told: in the thread of the message the stop came from when
 * the bot can reply there (an approval request, an alert, a shared or direct-message list), else
 * (a message only its reader sees, or none) in the person's messages with the bot: an ephemeral
 * message has no thread and may be gone by then.
 */
export function stopFollowPlace(userId: string, origin: (MessageRef & { ephemeral: boolean }) | null): Place {
  return origin && !origin.ephemeral ? { channel: origin.channel, threadTs: origin.ts } : { channel: userId, threadTs: null };
}

/**
 * After a stop went out: follow the job until its tasks settle (the job follower does, for
 * STOP_FOLLOW_MS at most). Returns the follow recorded, or null when the stop is not worth
 * following (it did not happen) or could not be recorded.
 */
export function followStop(deps: FollowStopDeps, stop: StopDone): NewStopFollow | null {
  if (!shouldFollowStop(stop.result)) return null;
  const now = deps.now();
  const follow: NewStopFollow = {
    cluster: stop.ref.cluster,
    space: stop.ref.space,
    jobId: stop.ref.jobId,
    userId: stop.actorId,
    approverId: stop.approverId,
    notify: stop.place,
    startedAt: now,
    until: new Date(now.getTime() + STOP_FOLLOW_MS),
  };
  try {
    deps.follows.addStop(follow);
  } catch (error) {
    // The stop itself is done and recorded; only its follow-through is lost.
    deps.logger.warn('follow.stop_not_recorded', { space: stop.ref.space, job: stop.ref.jobId, error });
    return null;
  }
  return follow;
}
