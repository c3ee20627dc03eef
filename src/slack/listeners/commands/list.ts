import { JobQuery } from '../../../jobs/job-query';
import { chooseSpace } from '../../../spaces/choose-space';
import { SlackMessage } from '../../blocks/message';
import { listMessage } from '../job-views';
import { ListenerDeps, Requester } from '../listener-deps';

/** The space named, else the channel's default, else DEFAULT_SPACE, else a message saying how to choose one. */
export function spaceFor(deps: ListenerDeps, requester: Requester, named?: string): string {
  const channelDefault = deps.channels.defaultSpace(requester.channelId)?.space;
  return chooseSpace(named, channelDefault, deps.defaultSpace, deps.command);
}

export function listCommand(deps: ListenerDeps, requester: Requester, request: { space?: string; query: JobQuery; share: boolean }): Promise<SlackMessage> {
  return listMessage(deps, { space: spaceFor(deps, requester, request.space), query: request.query, page: 0, share: request.share });
}
