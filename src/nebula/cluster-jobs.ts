import type { Job, JobDetail } from '../jobs/job';
import { JobsError } from '../jobs/jobs-error';
import { DEFAULT_JOB_EXPIRY_MS, type ServerFacts } from '../jobs/server-facts';
import type { GraphClient } from './client/graph-client';
import type { Table } from './client/package-facade';
import { toJobDetail, toJobs, toRecoveredCount, toSpaceNames } from './results';
import { statements } from './statements';

/** One cluster's spaces and jobs over its contained client: nGQL out, typed jobs back. */
export class ClusterJobs {
  private readonly listings = new Map<string, Promise<Table | null>>();

  private readonly jobExpiryMs: number;

  /** @param options.jobExpirySeconds metad's --job_expired_secs, as configured (NEBULA_JOB_EXPIRY_SECONDS). */
  constructor(
    private readonly client: GraphClient,
    options: { jobExpirySeconds?: number } = {},
  ) {
    this.jobExpiryMs = options.jobExpirySeconds === undefined ? DEFAULT_JOB_EXPIRY_MS : options.jobExpirySeconds * 1000;
  }

  /** graphd's release comes from the client's last connect (SHOW HOSTS GRAPH in the preflight). */
  serverFacts(): ServerFacts {
    return { jobExpiryMs: this.jobExpiryMs, version: this.client.health().serverVersion ?? null };
  }

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

  async stopJob(space: string, jobId: number, command?: string): Promise<void> {
    await this.client.mutate(statements.stopJob(space, jobId), { space, jobId, command });
  }

  async recoverJob(space: string, jobId: number): Promise<number> {
    return toRecoveredCount(await this.client.mutate(statements.recoverJob(space, jobId), { space, jobId }));
  }
}
