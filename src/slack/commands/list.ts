import { chooseSpace } from '../../jobs/choose-space';
import { JobQuery } from '../../jobs/job-query';
import { listJobs } from '../../jobs/list-jobs';
import { jobListMessage } from '../blocks/job-list';
import { SlackMessage } from '../blocks/message';
import { Requester, SlackServices } from '../services';

/** The channel's default space, else DEFAULT_SPACE, else a message saying how to choose one. */
export function spaceFor(services: SlackServices, requester: Requester, named?: string): string {
  const channelDefault = services.channels.defaultSpace(requester.channelId)?.space;
  return chooseSpace(named, channelDefault, services.defaultSpace, services.command);
}

export async function listCommand(
  services: SlackServices,
  requester: Requester,
  request: { space?: string; query: JobQuery; share: boolean },
): Promise<SlackMessage> {
  const space = spaceFor(services, requester, request.space);
  const listing = await listJobs(services.gateway, { space, query: request.query, page: 0 }, services.now);
  return jobListMessage(listing, request.share, services.now());
}
