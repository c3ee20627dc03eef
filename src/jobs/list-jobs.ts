import { SpaceRef } from '../spaces/space-ref';
import { Job } from './job';
import { filterJobs, Page, pageOf } from './filter';
import { JobQuery } from './job-query';
import { JobsGateway } from './jobs-gateway';
import { availableActions, JobAction } from './rules';

export interface JobListing extends SpaceRef {
  query: JobQuery;
  page: Page<Job>;
  /** Jobs in the space before filtering. */
  unfiltered: number;
  fetchedAt: Date;
  /** Stop/recover as graphd would allow them, for each job of the page. */
  actions: ReadonlyMap<number, JobAction[]>;
}

export async function listJobs(
  gateway: JobsGateway,
  request: SpaceRef & { query: JobQuery; page: number },
  now: () => Date,
): Promise<JobListing> {
  const jobs = await gateway.listJobs(request);
  const fetchedAt = now();
  const matching = filterJobs(jobs, request.query, fetchedAt);
  const page = pageOf(matching, request.page);
  const { jobExpiryMs } = gateway.serverFacts(request.cluster);
  return {
    cluster: request.cluster,
    space: request.space,
    query: request.query,
    page,
    unfiltered: jobs.length,
    fetchedAt,
    actions: new Map(page.items.map((job) => [job.id, availableActions(job, jobs, fetchedAt, jobExpiryMs)])),
  };
}
