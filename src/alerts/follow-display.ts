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

/**
 * The follower's cosmetic redraws, implemented in slack/: straight through the Web API (or a
 * response_url), rate-paced, never through the outbox. Failures are thrown as DeliveryError.
 */
export interface FollowDisplay {
  drawWatch(message: MessageRef, view: JobView, look: WatchLook): Promise<void>;
  drawList(refresh: ListRefresh, listing: JobListing, look: RefreshLook): Promise<void>;
}
