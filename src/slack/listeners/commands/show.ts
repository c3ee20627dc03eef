import { SlackMessage } from '../../blocks/message';
import { detailMessage } from '../job-views';
import { ListenerDeps, Requester } from '../listener-deps';
import { spaceFor } from './list';

export function showCommand(deps: ListenerDeps, requester: Requester, request: { jobId: number; space?: string }): Promise<SlackMessage> {
  return detailMessage(deps, { space: spaceFor(deps, requester, request.space), jobId: request.jobId });
}
