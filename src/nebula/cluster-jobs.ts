import { Job, JobDetail } from '../jobs/job';
import { JobsError } from '../jobs/jobs-error';
import { GraphClient } from './client/graph-client';
import { Table } from './client/package-facade';
import { toGraphVersion, toJobDetail, toJobs, toRecoveredCount, toSpaceNames } from './results';
import { statements } from './statements';

/** One cluster's spaces and jobs over its contained client: nGQL out, typed jobs back. */
export class ClusterJobs {
  private readonly listings = new Map<string, Promise<Table | null>>();

  constructor(private readonly client: GraphClient) {}

  /**
   * Listings share an identical read already in flight: when many people refresh the same list
   * at once, graphd answers once. A check before an action (showJob) always reads afresh.
   */
  private listing(statement: string, space?: string): Promise<Table | null> {
    const inFlight = this.listings.get(statement);
    if (inFlight) return inFlight;
    const read = this.client.read(statement, space ? { space } : {}).finally(() => this.listings.delete(statement));
    this.listings.set(statement, read);
    return read;
  }

  async listSpaces(): Promise<string[]> {
    return toSpaceNames(await this.listing(statements.showSpaces())).sort();
  }

  /** graphd's version (SHOW HOSTS GRAPH), null when metad has none saved. */
  async graphVersion(): Promise<string | null> {
    return toGraphVersion(await this.client.read(statements.showGraphHosts()));
  }

  async listJobs(space: string): Promise<Job[]> {
    return toJobs(await this.listing(statements.showJobs(space), space));
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
