import type { Actor } from '../access/actor';
import type { AuditLog } from '../access/audit';
import type { GroupDirectory } from '../access/group-directory';
import { requireRole, roleIn } from '../access/permissions';
import { type Policy, rank } from '../access/policy';
import { isJobsError, JobsError } from '../jobs/jobs-error';
import type { JobsGateway } from '../jobs/jobs-gateway';
import { type ChannelDefault, findSpace, splitTyped } from './resolve-space';
import { type SpaceRef, spaceLabel } from './space-ref';

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
  if (deps.policy.configured) {
    const clusters = deps.gateway.clusters().map((c) => c.name);
    const typed = splitTyped(text, clusters);
    const candidates = (typed.cluster ? [typed.cluster] : clusters).map((cluster) => ({ cluster, space: typed.space ?? '*' }));
    const roles = await Promise.all(candidates.map((ref) => roleIn(deps.policy, deps.groups, actor.userId, ref)));
    if (!roles.some((role) => rank(role) >= rank('operator'))) {
      record(candidates[0], 'denied');
      throw new JobsError('not-allowed', `Only operators of \`${text}\` can ${what}.`);
    }
  }
  const target = await targetOf(deps.gateway, text);
  const ref = { cluster: target.cluster, space: target.space ?? '*' };
  if (deps.policy.configured) {
    await requireRole(deps.policy, deps.groups, actor.userId, ref, 'operator', what).catch((error: unknown) => {
      record(ref, 'denied');
      throw error;
    });
  }
  deps.channels.setChannelDefault(actor.channelId, target, actor.userId, deps.now());
  record(ref, 'executed');
  return target;
}
