import type { JobListing } from '../jobs/list-jobs';
import type { JobView } from '../jobs/show-job';
import type { WatchOutcome } from '../jobs/watch-outcome';
import type { ListRefresh, MessageRef } from './follows';

/** How a watch's message ends: the job's end, or the watcher's unwatch. */
export type WatchEnding = WatchOutcome | { kind: 'unwatched' };

export interface WatchLook {
  watcherId: string;
  until: Date;
  ended: WatchEnding | null;
}

export type RefreshLook = { kind: 'on'; everyMs: number; until: Date; userId: string; redrawsLeft: number | null } | { kind: 'ended'; reason: 'time' | 'uses'; afterMs: number };

/** A refresh that goes on, as its list says: through a response_url, one use stays for the last drawing. */
export function refreshLook(refresh: ListRefresh): RefreshLook {
  const limited = refresh.surface === 'response-url';
  return { kind: 'on', everyMs: refresh.everyMs, until: refresh.until, userId: refresh.userId, redrawsLeft: limited ? Math.max(0, refresh.usesLeft - 1) : null };
}

/**
 * The follower's cosmetic redraws, implemented in slack/: straight through the Web API (or a
 * response_url), rate-paced, never through the outbox. Failures are thrown as DeliveryError.
 */
export interface FollowDisplay {
  drawWatch(message: MessageRef, view: JobView, look: WatchLook): Promise<void>;
  drawList(refresh: ListRefresh, listing: JobListing, look: RefreshLook): Promise<void>;
}
