import type { SlackMessage } from '../../blocks/message';
import type { ListenerDeps, Requester } from '../listener-deps';
import { startWatching } from '../watch-flow';
import { spaceChoice } from './list';

/** `watch <id> [space]`: the space as for `show` (named, else the channel's default, else DEFAULT_SPACE); viewers may. */
export async function watchCommand(deps: ListenerDeps, requester: Requester, request: { jobId: number; space?: string }): Promise<SlackMessage> {
  const { ref } = await spaceChoice(deps, requester, request.space);
  return startWatching(deps, requester.userId, { ...ref, jobId: request.jobId });
}
