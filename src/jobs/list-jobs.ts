import { Job } from './job';
import { filterJobs, Page, pageOf } from './filter';
import { JobQuery } from './job-query';
import { JobsGateway } from './jobs-gateway';

export interface JobListing {
  space: string;
  query: JobQuery;
  page: Page<Job>;
  /** Jobs in the space before filtering. */
  unfiltered: number;
  fetchedAt: Date;
}

export async function listJobs(
  gateway: JobsGateway,
  request: { space: string; query: JobQuery; page: number },
  now: () => Date,
): Promise<JobListing> {
  const jobs = await gateway.listJobs(request.space);
  const fetchedAt = now();
  const matching = filterJobs(jobs, request.query, fetchedAt);
  return {
    space: request.space,
    query: request.query,
    page: pageOf(matching, request.page),
    unfiltered: jobs.length,
    fetchedAt,
  };
}
