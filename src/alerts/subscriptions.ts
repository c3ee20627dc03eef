import { Actor } from '../access/actor';
import { AuditLog } from '../access/audit';
import { GroupDirectory } from '../access/group-directory';
import { requireRole } from '../access/permissions';
import { Policy } from '../access/policy';
import { formatDuration } from '../jobs/duration';
import { JobStatus } from '../jobs/job';
import { JobsError } from '../jobs/jobs-error';
import { JobsGateway } from '../jobs/jobs-gateway';
import { requireKnownSpace } from '../spaces/known-space';

export interface Subscription {
  channelId: string;
  space: string;
  statuses: string[];
  createdBy: string;
  createdAt: Date;
  mutedUntil: Date | null;
  mutedBy: string | null;
}

/** Which channels hear about which spaces; implemented over SQLite in store/. */
export interface SubscriptionStore {
  subscribe(channelId: string, space: string, statuses: string[], userId: string, at: Date): void;
  /** Removes the subscription and the channel's alert threads of the space. */
  unsubscribe(channelId: string, space: string): boolean;
  inChannel(channelId: string): Subscription[];
  mute(channelId: string, space: string, until: Date | null, userId: string | null): boolean;
}

export interface SubscriptionDeps {
  gateway: JobsGateway;
  policy: Policy;
  groups: GroupDirectory;
  audit: AuditLog;
  subscriptions: SubscriptionStore;
  now: () => Date;
}

type Change = 'subscribe' | 'unsubscribe' | 'mute' | 'unmute';

function record(deps: SubscriptionDeps, actor: Actor, space: string, action: Change, detail: string): void {
  const note = `channel ${actor.channelId}${detail ? `: ${detail}` : ''}`;
  deps.audit.record({ at: deps.now(), userId: actor.userId, space, jobId: null, action, result: 'executed', detail: note });
}

/** `subscribe <space>`: alerts in this channel (admins), for a space graphd shows the bot. */
export async function subscribe(deps: SubscriptionDeps, actor: Actor, space: string, statuses: JobStatus[]): Promise<void> {
  await requireRole(deps.policy, deps.groups, actor.userId, space, 'admin', 'subscribe channels to its alerts');
  await requireKnownSpace(deps.gateway, space);
  deps.subscriptions.subscribe(actor.channelId, space, statuses, actor.userId, deps.now());
  record(deps, actor, space, 'subscribe', statuses.join(','));
}

/** `unsubscribe <space>` (admins); false when the channel was not subscribed. */
export async function unsubscribe(deps: SubscriptionDeps, actor: Actor, space: string): Promise<boolean> {
  await requireRole(deps.policy, deps.groups, actor.userId, space, 'admin', 'unsubscribe channels');
  if (!deps.subscriptions.unsubscribe(actor.channelId, space)) return false;
  record(deps, actor, space, 'unsubscribe', '');
  return true;
}

/** `mute <space> <duration>` / `unmute <space>` (operators): returns the end of the mute, null when unmuted. */
export async function mute(deps: SubscriptionDeps, actor: Actor, space: string, durationMs: number | null): Promise<Date | null> {
  await requireRole(deps.policy, deps.groups, actor.userId, space, 'operator', durationMs === null ? 'unmute alerts' : 'mute alerts');
  const until = durationMs === null ? null : new Date(deps.now().getTime() + durationMs);
  if (!deps.subscriptions.mute(actor.channelId, space, until, until ? actor.userId : null)) {
    throw new JobsError('invalid-input', `This channel is not subscribed to \`${space}\`.`, '`subscriptions` lists this channel\'s subscriptions.');
  }
  record(deps, actor, space, until ? 'mute' : 'unmute', durationMs === null ? '' : `for ${formatDuration(durationMs)}`);
  return until;
}
