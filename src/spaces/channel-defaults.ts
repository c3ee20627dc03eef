import { Actor } from '../access/actor';
import { AuditLog } from '../access/audit';
import { GroupDirectory } from '../access/group-directory';
import { requireRole } from '../access/permissions';
import { Policy } from '../access/policy';
import { isJobsError } from '../jobs/jobs-error';
import { JobsGateway } from '../jobs/jobs-gateway';
import { requireKnownSpace } from './known-space';

export interface ChannelDefault {
  space: string;
  setBy: string;
  setAt: Date;
}

/** Per-channel default spaces (`use <space>`); implemented over SQLite in store/. */
export interface ChannelDefaultStore {
  defaultSpace(channelId: string): ChannelDefault | null;
  setDefaultSpace(channelId: string, space: string, userId: string, at: Date): void;
}

export interface ChannelDefaultDeps {
  gateway: JobsGateway;
  channels: ChannelDefaultStore;
  audit: AuditLog;
  policy: Policy;
  groups: GroupDirectory;
  now: () => Date;
}

/**
 * `use <space>`: the channel's default from now on, recorded in the audit trail. The default
 * decides where everyone's typed commands go, so with an access policy only operators of the
 * new space may set it (checked before the space is looked up: a refusal says nothing about
 * whether it exists). Without a policy nobody can act, and anyone may set it.
 */
export async function setChannelDefault(deps: ChannelDefaultDeps, actor: Actor, space: string): Promise<void> {
  const previous = deps.channels.defaultSpace(actor.channelId)?.space;
  const detail = `channel ${actor.channelId}${previous ? `: was ${previous}` : ''}`;
  if (deps.policy.configured) {
    try {
      await requireRole(deps.policy, deps.groups, actor.userId, space, 'operator', 'make it this channel\'s default');
    } catch (error) {
      if (isJobsError(error)) deps.audit.record({ at: deps.now(), userId: actor.userId, space, jobId: null, action: 'use', result: 'denied', detail });
      throw error;
    }
  }
  await requireKnownSpace(deps.gateway, space);
  const at = deps.now();
  deps.channels.setDefaultSpace(actor.channelId, space, actor.userId, at);
  deps.audit.record({ at, userId: actor.userId, space, jobId: null, action: 'use', result: 'executed', detail });
}
