import { Job, JobDetail } from '../jobs/job';
import { JobsError } from '../jobs/jobs-error';
import { JobsGateway } from '../jobs/jobs-gateway';
import { NebulaClient } from './client';
import { toJobDetail, toJobs, toRecoveredCount, toSpaceNames } from './results';
import { statements } from './statements';

/** JobsGateway over the contained client: nGQL out, typed jobs back. */
export class NebulaJobsGateway implements JobsGateway {
  constructor(private readonly client: NebulaClient) {}

  async listSpaces(): Promise<string[]> {
    return toSpaceNames(await this.client.read(statements.showSpaces())).sort();
  }

  async listJobs(space: string): Promise<Job[]> {
    return toJobs(await this.client.read(statements.showJobs(space), { space }));
  }

  async showJob(space: string, jobId: number): Promise<JobDetail> {
    const detail = toJobDetail(await this.client.read(statements.showJob(space, jobId), { space, jobId }));
    if (detail.job.id !== jobId) {
      throw new JobsError('nebula-error', `NebulaGraph answered with job ${detail.job.id} when asked for job ${jobId}.`);
    }
    return detail;
  }

  async stopJob(space: string, jobId: number): Promise<void> {
    await this.client.mutate(statements.stopJob(space, jobId), { space, jobId });
  }

  async recoverJob(space: string, jobId: number): Promise<number> {
    return toRecoveredCount(await this.client.mutate(statements.recoverJob(space, jobId), { space, jobId }));
  }
}
