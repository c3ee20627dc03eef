import { Actor } from '../access/actor';
import { AuditLog } from '../access/audit';
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
  now: () => Date;
}

/** `use <space>`: the channel's default from now on, recorded in the audit trail. */
export async function setChannelDefault(deps: ChannelDefaultDeps, actor: Actor, space: string): Promise<void> {
  await requireKnownSpace(deps.gateway, space);
  const previous = deps.channels.defaultSpace(actor.channelId)?.space;
  const at = deps.now();
  deps.channels.setDefaultSpace(actor.channelId, space, actor.userId, at);
  deps.audit.record({ at, userId: actor.userId, space, jobId: null, action: 'use', result: 'executed', detail: `channel ${actor.channelId}${previous ? `: was ${previous}` : ''}` });
}
