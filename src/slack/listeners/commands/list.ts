import { chooseViewableSpace } from '../../../access/view-access';
import type { JobQuery } from '../../../jobs/job-query';
import type { SpaceRef } from '../../../spaces/space-ref';
import type { SlackMessage } from '../../blocks/message';
import { listMessage } from '../job-views';
import type { ListenerDeps, Requester } from '../listener-deps';

/**
 * The space a command is about (named, else the channel's default, else DEFAULT_SPACE), looked
 * up in graphd and checked against the caller's role; and who set the channel default when the
 * space came from it.
 */
export async function spaceChoice(deps: ListenerDeps, requester: Requester, named?: string): Promise<{ ref: SpaceRef; channelDefaultBy?: string }> {
  const channelDefault = deps.channels.channelDefault(requester.channelId);
  const chosen = await chooseViewableSpace(deps, requester.userId, { named, channelDefault, configuredDefault: deps.defaultSpace }, deps.command);
  return chosen.from === 'channel' && channelDefault ? { ref: chosen.ref, channelDefaultBy: channelDefault.setBy } : { ref: chosen.ref };
}

export async function listCommand(deps: ListenerDeps, requester: Requester, request: { space?: string; query: JobQuery; share: boolean }): Promise<SlackMessage> {
  const { ref } = await spaceChoice(deps, requester, request.space);
  return listMessage(deps, { ...ref, query: request.query, page: 0, share: request.share }, undefined, requester.userId);
}
