import type { Actor } from '../access/actor';
import type { AuditLog } from '../access/audit';
import type { GroupDirectory } from '../access/group-directory';
import { requireRole } from '../access/permissions';
import type { Policy } from '../access/policy';
import { chooseViewableSpace } from '../access/view-access';
import { formatDuration } from '../jobs/duration';
import type { Job } from '../jobs/job';
import { DEFAULT_RANGE } from '../jobs/job-query';
import { JobsError } from '../jobs/jobs-error';
import type { JobsGateway } from '../jobs/jobs-gateway';
import { listJobs } from '../jobs/list-jobs';
import type { StuckHint, StuckJudge } from '../jobs/stuck-rule';
import { refsMatching } from '../spaces/resolve-space';
import { type SpaceRef, spaceLabel } from '../spaces/space-ref';

/**
 * What a channel may hear of a space: jobs that fail or are stopped (red alerts), that look stuck
 * (running longer than expected, or queued behind such a job), and, for teams that want every
 * end, jobs that finish (a short notice).
 */
export const SUBSCRIPTION_KINDS = ['FAILED', 'STOPPED', 'STUCK', 'FINISHED'] as const;
export type SubscriptionKind = (typeof SUBSCRIPTION_KINDS)[number];
/** `subscribe <space>` without `status=`: every alert, no finished notices. */
export const DEFAULT_SUBSCRIPTION_KINDS: SubscriptionKind[] = ['FAILED', 'STOPPED', 'STUCK'];

export interface Subscription extends SpaceRef {
  channelId: string;
  statuses: string[];
  createdBy: string;
  createdAt: Date;
  mutedUntil: Date | null;
  mutedBy: string | null;
}

/** Which channels hear about which spaces; implemented over SQLite in store/. */
export interface SubscriptionStore {
  subscribe(channelId: string, ref: SpaceRef, statuses: string[], userId: string, at: Date): void;
  /** Removes the subscription and the channel's alert threads of the space. */
  unsubscribe(channelId: string, ref: SpaceRef): boolean;
  inChannel(channelId: string): Subscription[];
  mute(channelId: string, ref: SpaceRef, until: Date | null, userId: string | null): boolean;
}

export interface SubscriptionDeps {
  gateway: JobsGateway;
  policy: Policy;
  groups: GroupDirectory;
  audit: AuditLog;
  subscriptions: SubscriptionStore;
  now: () => Date;
  /** The stuck rule, to tell a new subscriber of jobs already stuck. */
  stuck?: StuckJudge;
}

export interface Subscribed {
  ref: SpaceRef;
  /**
   * Jobs that look stuck as the channel subscribes. Their alert went out (once) to the channels
   * subscribed then, and the first poll records what exists without alerting: said here instead.
   */
  stuckNow: Array<{ job: Job; hint: StuckHint }>;
}

type Change = 'subscribe' | 'unsubscribe' | 'mute' | 'unmute';

function record(deps: SubscriptionDeps, actor: Actor, ref: SpaceRef, action: Change, detail: string): void {
  const note = `channel ${actor.channelId}${detail ? `: ${detail}` : ''}`;
  deps.audit.record({ at: deps.now(), userId: actor.userId, cluster: ref.cluster, space: ref.space, jobId: null, action, result: 'executed', detail: note });
}

/**
 * The channel's subscription a typed name means (`prod/nba`, or `nba` when only one cluster's
 * `nba` is subscribed here). Looked up among the channel's subscriptions, not in graphd: a space
 * dropped since must still be unsubscribable.
 */
function subscriptionOf(deps: SubscriptionDeps, channelId: string, text: string): SpaceRef | null {
  const matches = refsMatching(deps.subscriptions.inChannel(channelId), text);
  if (matches.length === 1) return { cluster: matches[0].cluster, space: matches[0].space };
  if (matches.length > 1)
    throw new JobsError('invalid-input', `This channel follows \`${text}\` in ${matches.length} clusters.`, `Say which: ${matches.map((m) => `\`${spaceLabel(m)}\``).join(', ')}.`);
  return null;
}

function notSubscribed(text: string): JobsError {
  return new JobsError('invalid-input', `This channel is not subscribed to \`${text}\`.`, "`subscriptions` lists this channel's subscriptions.");
}

/** `subscribe <space>`: alerts in this channel (admins), for a space graphd shows the bot. */
export async function subscribe(deps: SubscriptionDeps, actor: Actor, text: string, statuses: SubscriptionKind[]): Promise<Subscribed> {
  const { ref } = await chooseViewableSpace(deps, actor.userId, { named: text }, 'subscribe');
  await requireRole(deps.policy, deps.groups, actor.userId, ref, 'admin', 'subscribe channels to its alerts');
  deps.subscriptions.subscribe(actor.channelId, ref, statuses, actor.userId, deps.now());
  record(deps, actor, ref, 'subscribe', statuses.join(','));
  return { ref, stuckNow: statuses.includes('STUCK') ? await stuckNow(deps, ref) : [] };
}

async function stuckNow(deps: SubscriptionDeps, ref: SpaceRef): Promise<Subscribed['stuckNow']> {
  if (!deps.stuck) return [];
  try {
    const listing = await listJobs(deps.gateway, { ...ref, query: { statuses: ['RUNNING', 'QUEUE'], since: DEFAULT_RANGE }, page: 0 }, deps.now, deps.stuck);
    return listing.page.items.flatMap((job) => {
      const hint = listing.stuck?.get(job.id);
      return hint ? [{ job, hint }] : [];
    });
  } catch {
    // The subscription stands; graphd cannot be read right now, and the next stuck run is alerted.
    return [];
  }
}

/** `unsubscribe <space>` (admins); null when the channel was not subscribed. */
export async function unsubscribe(deps: SubscriptionDeps, actor: Actor, text: string): Promise<SpaceRef | null> {
  const ref = subscriptionOf(deps, actor.channelId, text);
  if (!ref) return null;
  await requireRole(deps.policy, deps.groups, actor.userId, ref, 'admin', 'unsubscribe channels');
  if (!deps.subscriptions.unsubscribe(actor.channelId, ref)) return null;
  record(deps, actor, ref, 'unsubscribe', '');
  return ref;
}

/** `mute <space> <duration>` / `unmute <space>` (operators): the end of the mute, null when unmuted. */
export async function mute(deps: SubscriptionDeps, actor: Actor, text: string, durationMs: number | null): Promise<{ ref: SpaceRef; until: Date | null }> {
  const ref = subscriptionOf(deps, actor.channelId, text);
  if (!ref) throw notSubscribed(text);
  await requireRole(deps.policy, deps.groups, actor.userId, ref, 'operator', durationMs === null ? 'unmute alerts' : 'mute alerts');
  const until = durationMs === null ? null : new Date(deps.now().getTime() + durationMs);
  deps.subscriptions.mute(actor.channelId, ref, until, until ? actor.userId : null);
  record(deps, actor, ref, until ? 'mute' : 'unmute', durationMs === null ? '' : `for ${formatDuration(durationMs)}`);
  return { ref, until };
}
