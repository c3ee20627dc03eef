import { showJob } from '../../jobs/show-job';
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
  return jobDetailMessage(await showJob(services.gateway, space, request.jobId, services.now), services.now());
}
