import { jobDetailMessage } from '../blocks/job-detail';
import { SlackMessage } from '../blocks/message';
import { Requester, SlackServices } from '../services';
import { spaceFor } from './list';

export async function showCommand(
  services: SlackServices,
  requester: Requester,
  request: { jobId: number; space?: string },
): Promise<SlackMessage> {
  const space = spaceFor(services, requester, request.space);
  const detail = await services.gateway.showJob(space, request.jobId);
  return jobDetailMessage(space, detail, services.now());
}
