import type { SpaceRef } from '../spaces/space-ref';
import { filterJobs, type Page, pageOf } from './filter';
import type { Job } from './job';
import type { JobQuery } from './job-query';
import type { JobsGateway } from './jobs-gateway';
import { availableActions, type JobAction } from './rules';
import { type StuckHint, type StuckJudge, stuckHints } from './stuck-rule';

export interface JobListing extends SpaceRef {
  query: JobQuery;
  page: Page<Job>;
  /** Jobs in the space before filtering. */
  unfiltered: number;
  fetchedAt: Date;
  /** Stop/recover as graphd would allow them, for each job of the page. */
  actions: ReadonlyMap<number, JobAction[]>;
  /** Jobs of the page the stuck rule flags (running too long, or queued behind such a job). */
  stuck?: ReadonlyMap<number, StuckHint>;
}

export async function listJobs(gateway: JobsGateway, request: SpaceRef & { query: JobQuery; page: number }, now: () => Date, judge?: StuckJudge): Promise<JobListing> {
  const jobs = await gateway.listJobs(request);
  const fetchedAt = now();
  const matching = filterJobs(jobs, request.query, fetchedAt);
  const page = pageOf(matching, request.page);
  const { jobExpiryMs } = gateway.serverFacts(request.cluster);
  const hints = judge ? stuckHints(judge.judge(request, jobs, fetchedAt)) : null;
  const stuck = hints && new Map(page.items.filter((job) => hints.has(job.id)).map((job) => [job.id, hints.get(job.id) as StuckHint]));
  return {
    cluster: request.cluster,
    space: request.space,
    query: request.query,
    page,
    unfiltered: jobs.length,
    fetchedAt,
    actions: new Map(page.items.map((job) => [job.id, availableActions(job, jobs, fetchedAt, jobExpiryMs)])),
    ...(stuck && stuck.size > 0 ? { stuck } : {}),
  };
}
