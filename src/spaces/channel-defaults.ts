import type { Actor } from '../access/actor';
import type { AuditLog } from '../access/audit';
import type { GroupDirectory } from '../access/group-directory';
import { roleIn, roleRefusal } from '../access/permissions';
import { type Policy, type Role, rank } from '../access/policy';
import { isJobsError, JobsError } from '../jobs/jobs-error';
import type { JobsGateway } from '../jobs/jobs-gateway';
import { type ChannelDefault, findSpace, splitTyped } from './resolve-space';
import { type SpaceRef, spaceKey, spaceLabel } from './space-ref';

/** Per-channel defaults (`use`); implemented over SQLite in store/. */
export interface ChannelDefaultStore {
  channelDefault(channelId: string): ChannelDefault | null;
  setChannelDefault(channelId: string, target: { cluster: string; space: string | null }, userId: string, at: Date): void;
}

export interface ChannelDefaultDeps {
  gateway: JobsGateway;
  channels: ChannelDefaultStore;
  audit: AuditLog;
  policy: Policy;
  groups: GroupDirectory;
  now: () => Date;
}

/** How a channel default reads: `prod/nba`, `nba`, or a cluster alone (`prod/*`). */
export function channelDefaultLabel(target: { cluster: string | null; space: string | null }): string {
  if (target.space === null) return `${target.cluster ?? '?'}/*`;
  return target.cluster ? spaceLabel({ cluster: target.cluster, space: target.space }) : target.space;
}

/** A cluster alone (`prod/`, `prod/*`, or `prod` when no space has that name) or one space. */
async function targetOf(gateway: JobsGateway, text: string): Promise<{ cluster: string; space: string | null }> {
  const clusters = gateway.clusters().map((c) => c.name);
  const typed = splitTyped(text, clusters);
  if (typed.cluster && typed.space === null) return { cluster: typed.cluster, space: null };
  try {
    return await findSpace(gateway, text);
  } catch (error) {
    if (clusters.includes(text) && isJobsError(error) && (error.kind === 'space-not-found' || error.kind === 'invalid-input')) return { cluster: text, space: null };
    throw error;
  }
}

/**
 * Every place `text` may turn out to name once looked up (see targetOf): the space as typed in
 * each cluster searched, a whole cluster typed as such, or a bare cluster name with no such space.
 */
function candidatesOf(text: string, clusters: string[]): SpaceRef[] {
  const typed = splitTyped(text, clusters);
  const refs = (typed.cluster ? [typed.cluster] : clusters).map((cluster) => ({ cluster, space: typed.space ?? '*' }));
  // Widens no first check: a rule covering a whole cluster also covers its space of that name, listed above.
  if (clusters.includes(text)) refs.push({ cluster: text, space: '*' });
  return refs;
}

/**
 * `use <space>` / `use <cluster>/`: the channel's default from now on, recorded in the audit
 * trail. The default decides where everyone's typed commands go, so with an access policy only
 * operators of the target may set it (a whole cluster needs a rule covering all of it), checked
 * before the name is looked up: a refusal says nothing about whether it exists. Without a policy
 * nobody can act, and anyone may set it.
 */
export async function setChannelDefault(deps: ChannelDefaultDeps, actor: Actor, text: string): Promise<{ cluster: string; space: string | null }> {
  const previous = deps.channels.channelDefault(actor.channelId);
  const detail = `channel ${actor.channelId}${previous ? `: was ${channelDefaultLabel(previous)}` : ''}`;
  const record = (ref: SpaceRef, result: 'denied' | 'executed'): void =>
    deps.audit.record({ at: deps.now(), userId: actor.userId, cluster: ref.cluster, space: ref.space, jobId: null, action: 'use', result, detail });
  const what = "make it this channel's default";
  // The roles are read once, for every place the text may name, before the name is looked up.
  const roles = new Map<string, Role>();
  if (deps.policy.configured) {
    const clusters = deps.gateway.clusters().map((c) => c.name);
    const candidates = candidatesOf(text, clusters);
    await Promise.all(candidates.map(async (ref) => roles.set(spaceKey(ref), await roleIn(deps.policy, deps.groups, actor.userId, ref))));
    if (![...roles.values()].some((role) => rank(role) >= rank('operator'))) {
      record(candidates[0], 'denied');
      throw new JobsError('not-allowed', `Only operators of \`${text}\` can ${what}.`);
    }
  }
  const target = await targetOf(deps.gateway, text);
  const ref = { cluster: target.cluster, space: target.space ?? '*' };
  // The one the name turned out to be: an operator elsewhere gets no further.
  const refusal = deps.policy.configured ? roleRefusal(roles.get(spaceKey(ref)) ?? 'none', ref, 'operator', what) : null;
  if (refusal) {
    record(ref, 'denied');
    throw refusal;
  }
  deps.channels.setChannelDefault(actor.channelId, target, actor.userId, deps.now());
  record(ref, 'executed');
  return target;
}
