import { requireView, type ViewDeps } from '../access/view-access';
import { JobsError } from '../jobs/jobs-error';
import type { JobsGateway } from '../jobs/jobs-gateway';
import { type JobView, showJob } from '../jobs/show-job';
import type { StuckJudge } from '../jobs/stuck-rule';
import { isOngoing, WATCH_MAX_MS } from '../jobs/watch-outcome';
import { refsMatching } from '../spaces/resolve-space';
import { type SpaceRef, sameSpace, spaceLabel } from '../spaces/space-ref';
import { type FollowStore, MAX_FOLLOWS, MAX_WATCHES_PER_USER, type MessageRef, type Watch } from './follows';

export interface WatchDeps extends ViewDeps {
  gateway: JobsGateway;
  follows: FollowStore;
  now: () => Date;
  /** The stuck rule: a watched copy shows the stuck hint a detail shows. */
  stuck?: StuckJudge;
}

export type WatchStart =
  | { kind: 'watching'; watch: Watch; view: JobView }
  | { kind: 'already'; watch: Watch }
  /** The job is over: nothing to watch. */
  | { kind: 'ended'; view: JobView };

/**
 * `watch <id>` or the Watch button: watching is reading, so a viewer of the space may. The
 * watcher gets a copy of the job's detail (posted by `post`, in slack/) that the follower
 * redraws while the job runs, and is mentioned in its thread when the job ends.
 */
export async function watchJob(
  deps: WatchDeps,
  userId: string,
  ref: SpaceRef & { jobId: number },
  post: (view: JobView, watch: Watch) => Promise<MessageRef>,
): Promise<WatchStart> {
  await requireView(deps, userId, ref);
  const view = await showJob(deps.gateway, ref, ref.jobId, deps.now, deps.stuck);
  const { job } = view.detail;
  if (!isOngoing(job.status)) return { kind: 'ended', view };
  const mine = deps.follows.watchesOf(userId);
  const existing = mine.find((w) => w.jobId === ref.jobId && sameSpace(w, ref));
  if (existing) return { kind: 'already', watch: existing };
  if (mine.length >= MAX_WATCHES_PER_USER) {
    throw new JobsError('invalid-input', `You watch ${mine.length} jobs already, the most one person may.`, '`watches` lists them; `unwatch <job id>` ends one.');
  }
  if (deps.follows.count() >= MAX_FOLLOWS) {
    throw new JobsError('invalid-input', `The bot follows ${MAX_FOLLOWS} jobs already, as many as it reads from NebulaGraph.`, 'Try again once some have ended.');
  }
  const now = deps.now();
  const added = deps.follows.addWatch({
    cluster: ref.cluster,
    space: ref.space,
    jobId: ref.jobId,
    command: job.command,
    userId,
    notify: { channel: userId, threadTs: null },
    startedAt: now,
    until: new Date(now.getTime() + WATCH_MAX_MS),
  });
  if (!added.added) return { kind: 'already', watch: added.watch };
  let message: MessageRef;
  try {
    message = await post(view, added.watch);
  } catch (error) {
    deps.follows.removeWatch(added.watch.id);
    throw error;
  }
  deps.follows.attachWatchMessage(added.watch.id, message);
  return { kind: 'watching', watch: { ...added.watch, message, notify: { channel: message.channel, threadTs: message.ts } }, view };
}

/**
 * `unwatch <id> [space]`: found among the user's own watches (not in graphd, so a job or space
 * gone since can still be unwatched). Null when they watch no such job.
 */
export function unwatchJob(deps: Pick<WatchDeps, 'follows'>, userId: string, jobId: number, typedSpace?: string): Watch | null {
  const mine = deps.follows.watchesOf(userId).filter((w) => w.jobId === jobId);
  const matches = typedSpace === undefined ? mine : refsMatching(mine, typedSpace);
  if (matches.length > 1) {
    throw new JobsError(
      'invalid-input',
      `You watch job ${jobId} in ${matches.length} spaces.`,
      `Say which: ${matches.map((w) => `\`unwatch ${jobId} ${spaceLabel(w)}\``).join(', ')}.`,
    );
  }
  const [watch] = matches;
  if (!watch || !deps.follows.removeWatch(watch.id)) return null;
  return watch;
}

/** The Unwatch button: the clicker's own watch of the job, if any. */
export function unwatchRef(deps: Pick<WatchDeps, 'follows'>, userId: string, ref: SpaceRef & { jobId: number }): Watch | null {
  const watch = deps.follows.watchesOf(userId).find((w) => w.jobId === ref.jobId && sameSpace(w, ref));
  return watch && deps.follows.removeWatch(watch.id) ? watch : null;
}
