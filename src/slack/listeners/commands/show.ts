import { SlackMessage } from '../../blocks/message';
import { viewDetail } from '../job-views';
import { ListenerDeps, Requester } from '../listener-deps';
import { spaceFor } from './list';

export function showCommand(deps: ListenerDeps, requester: Requester, request: { jobId: number; space?: string }): Promise<SlackMessage> {
  return viewDetail(deps, requester.userId, { space: spaceFor(deps, requester, request.space), jobId: request.jobId });
}
