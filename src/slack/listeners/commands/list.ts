import { JobQuery } from '../../../jobs/job-query';
import { chooseSpace } from '../../../spaces/choose-space';
import { SlackMessage } from '../../blocks/message';
import { viewList } from '../job-views';
import { ListenerDeps, Requester } from '../listener-deps';

/** The space a command is about, and who set it when it is the channel's default. */
export function spaceChoice(deps: ListenerDeps, requester: Requester, named?: string): { space: string; channelDefaultBy?: string } {
  const channelDefault = named ? null : deps.channels.defaultSpace(requester.channelId);
  const space = chooseSpace(named, channelDefault?.space, deps.defaultSpace, deps.command);
  return channelDefault && channelDefault.space === space ? { space, channelDefaultBy: channelDefault.setBy } : { space };
}

/** The space named, else the channel's default, else DEFAULT_SPACE, else a message saying how to choose one. */
export function spaceFor(deps: ListenerDeps, requester: Requester, named?: string): string {
  return spaceChoice(deps, requester, named).space;
}

export function listCommand(deps: ListenerDeps, requester: Requester, request: { space?: string; query: JobQuery; share: boolean }): Promise<SlackMessage> {
  return viewList(deps, requester.userId, { space: spaceFor(deps, requester, request.space), query: request.query, page: 0, share: request.share });
}
