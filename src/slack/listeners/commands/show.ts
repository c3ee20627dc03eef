import type { SlackMessage } from '../../blocks/message';
import { detailMessage } from '../job-views';
import type { ListenerDeps, Requester } from '../listener-deps';
import { spaceChoice } from './list';

export async function showCommand(deps: ListenerDeps, requester: Requester, request: { jobId: number; space?: string }): Promise<SlackMessage> {
  const { ref } = await spaceChoice(deps, requester, request.space);
  return detailMessage(deps, { ...ref, jobId: request.jobId }, undefined, requester.userId);
}
