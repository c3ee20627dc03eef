import type { JobQuery } from '../jobs/job-query';
import type { SpaceRef } from '../spaces/space-ref';
import type { LeaseTerm } from './lease';
import type { OutboxEntry } from './notices';

/**
 * What the job follower keeps an eye on (job-follower.ts): stops followed until the job's tasks
 * settle, jobs people watch, and lists that refresh themselves for a while.
 */

/** Where a follow's notes go: a channel (or a user's id, their messages with the bot), and the thread there, if any. */
export interface Place {
  channel: string;
  threadTs: string | null;
}

/** A message the bot posted and may redraw (chat.update). */
export interface MessageRef {
  channel: string;
  ts: string;
}

interface FollowBase extends SpaceRef {
  id: number;
  jobId: number;
  /** Who stopped the job (or asked to), or who watches it. */
  userId: string;
  notify: Place;
  startedAt: Date;
  /** Followed no longer than this. */
  until: Date;
}

export interface StopFollow extends FollowBase {
  kind: 'stop';
  approverId: string | null;
  /** When "tasks still running" was said; null while it has not been. */
  warnedAt: Date | null;
}

export interface Watch extends FollowBase {
  kind: 'watch';
  command: string;
  /** The watcher's own copy of the job's detail, redrawn while the job runs; null until posted. */
  message: MessageRef | null;
}

export type Follow = StopFollow | Watch;

export type NewStopFollow = Omit<StopFollow, 'id' | 'kind' | 'warnedAt'>;
export type NewWatch = Omit<Watch, 'id' | 'kind' | 'message'>;

/** A watch is refused beyond these, so the follower's reads of graphd stay few. */
export const MAX_WATCHES_PER_USER = 20;
export const MAX_FOLLOWS = 200;

/**
 * The follows, implemented over SQLite in store/. Ending a follow or telling its stall writes the
 * notice to the outbox in the same transaction, fenced by the poller lease term like the poller's
 * writes (LeaseLost when another process holds the lease now): each is told exactly once.
 */
export interface FollowStore {
  /** A stop to follow; a second stop of a job already followed is ignored. */
  addStop(follow: NewStopFollow): void;
  /** The watch, or the watcher's existing watch of the same job. */
  addWatch(watch: NewWatch): { added: boolean; watch: Watch };
  /** The watch's message is posted: it is redrawn there, and its end is told in its thread. */
  attachWatchMessage(id: number, message: MessageRef): void;
  /** Ends a watch without a note (unwatch, or its message could not be posted). */
  removeWatch(id: number): boolean;
  watchesOf(userId: string): Watch[];
  all(): Follow[];
  count(): number;
  /** Records that the stall was told, with its note. */
  markWarned(id: number, at: Date, notices: OutboxEntry[], fence: LeaseTerm): void;
  /** Ends the follow with its notes; false (nothing queued) when it had ended already. */
  end(id: number, notices: OutboxEntry[], at: Date, fence: LeaseTerm): boolean;
}

// ---- auto-refreshing lists ------------------------------------------------------------------

/** The list a message shows, as its buttons carry it. */
export interface RefreshedList extends SpaceRef {
  query: JobQuery;
  page: number;
  share: boolean;
}

/**
 * A list message that redraws itself every `everyMs` until `until`. A message the bot may update
 * (`surface: message`) is redrawn with chat.update; one only its reader sees (`response-url`) only
 * through the response_url of the last click on it, which Slack honours a few times.
 */
export interface ListRefresh {
  id: number;
  userId: string;
  list: RefreshedList;
  everyMs: number;
  /** The message (ephemeral ones have a channel and ts too). */
  message: MessageRef;
  surface: 'message' | 'response-url';
  responseUrl: string | null;
  /** Uses of responseUrl still allowed. */
  usesLeft: number;
  /** What the message shows now (listingFingerprint), so an unchanged list spends no use. */
  drawn: string | null;
  startedAt: Date;
  until: Date;
}

export type NewListRefresh = Omit<ListRefresh, 'id'>;

/** Slack honours a response_url 5 times in 30 minutes (the answer to the click is the first). */
export const RESPONSE_URL_USES = 5;

/** A response_url works this long after its click (Slack); a refresh through one ends a minute before. */
export const RESPONSE_URL_REFRESH_MS = 29 * 60_000;

/** More lists than this refreshing at once are refused: each redraw reads graphd. */
export const MAX_LIST_REFRESHES = 20;

/** Auto-refreshing lists, implemented over SQLite in store/. Cosmetic: not fenced, not in the outbox. */
export interface ListRefreshStore {
  /** Starts (or replaces) the message's auto-refresh. */
  start(refresh: NewListRefresh): ListRefresh;
  at(message: MessageRef): ListRefresh | null;
  update(id: number, change: Partial<Pick<ListRefresh, 'list' | 'surface' | 'responseUrl' | 'usesLeft' | 'drawn' | 'until'>>): void;
  remove(id: number): boolean;
  all(): ListRefresh[];
  count(): number;
}
