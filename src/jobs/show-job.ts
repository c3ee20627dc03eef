import { withOwnTaskCodes } from './graphd-release';
import { JobDetail } from './job';
import { JobsGateway } from './jobs-gateway';
import { availableActions, JobAction } from './rules';

export interface JobView {
  space: string;
  /** Task error codes only where they are the tasks' own (graphd-release.ts). */
  detail: JobDetail;
  actions: JobAction[];
}

/** A job's detail and what may be done with it (the recover rules need the space's other jobs). */
export async function showJob(gateway: JobsGateway, space: string, jobId: number, now: () => Date): Promise<JobView> {
  const { version, jobExpiryMs } = gateway.serverFacts();
  const detail = withOwnTaskCodes(await gateway.showJob(space, jobId), version);
  const recoverable = detail.job.status === 'FAILED' || detail.job.status === 'STOPPED';
  const spaceJobs = recoverable ? await gateway.listJobs(space) : [];
  return { space, detail, actions: availableActions(detail.job, spaceJobs, now(), jobExpiryMs) };
}
