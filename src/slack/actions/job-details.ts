import type { BlockElementAction } from '@slack/bolt';
import { showJob } from '../../jobs/show-job';
import { jobDetailMessage } from '../blocks/job-detail';
import { SlackMessage } from '../blocks/message';
import { decodeJobRef } from '../job-ref';
import { SlackServices } from '../services';
import { valueOf } from './interaction';

async function detail(services: SlackServices, action: BlockElementAction): Promise<SlackMessage> {
  const ref = decodeJobRef(valueOf(action));
  return jobDetailMessage(await showJob(services.gateway, ref.space, ref.jobId, services.now), services.now());
}

/** Details opens a new message for the clicker, leaving the (possibly shared) list alone. */
export async function openDetails(services: SlackServices, action: BlockElementAction): Promise<SlackMessage> {
  return { ...(await detail(services, action)), response_type: 'ephemeral', replace_original: false };
}

export async function refreshDetails(services: SlackServices, action: BlockElementAction): Promise<SlackMessage> {
  return { ...(await detail(services, action)), replace_original: true };
}
