import type { SpaceRef } from '../spaces/space-ref';
import { withOwnTaskCodes } from './graphd-release';
import type { JobDetail } from './job';
import type { JobsGateway } from './jobs-gateway';
import { availableActions, type JobAction } from './rules';

export interface JobView extends SpaceRef {
  /** Task error codes only where they are the tasks' own (graphd-release.ts). */
  detail: JobDetail;
  actions: JobAction[];
}

/** A job's detail and what may be done with it (the recover rules need the space's other jobs). */
export async function showJob(gateway: JobsGateway, ref: SpaceRef, jobId: number, now: () => Date): Promise<JobView> {
  const { version, jobExpiryMs } = gateway.serverFacts(ref.cluster);
  const detail = withOwnTaskCodes(await gateway.showJob(ref, jobId), version);
  const recoverable = detail.job.status === 'FAILED' || detail.job.status === 'STOPPED';
  const spaceJobs = recoverable ? await gateway.listJobs(ref) : [];
  return { cluster: ref.cluster, space: ref.space, detail, actions: availableActions(detail.job, spaceJobs, now(), jobExpiryMs) };
}
