import type { ClusterStatus, SpaceRef } from '../spaces/space-ref';
import type { Job, JobDetail } from './job';
import type { ServerFacts } from './server-facts';

/**
 * What the domain needs from NebulaGraph: the clusters the bot serves and their spaces' jobs.
 * Implemented in nebula/ (one contained client per cluster); faked nowhere: tests use a fake graphd.
 */
export interface JobsGateway {
  /** The clusters served, in configuration order, with the state of each connection. */
  clusters(): ClusterStatus[];
  /**
   * Spaces the bot's account may read in the cluster, sorted by name. May answer from a list a
   * few seconds old; `fresh` reads it again.
   */
  listSpaces(cluster: string, options?: { fresh?: boolean }): Promise<string[]>;
  /** Every unexpired job of the space, newest first. */
  listJobs(ref: SpaceRef): Promise<Job[]>;
  showJob(ref: SpaceRef, jobId: number): Promise<JobDetail>;
  /** `command`, when known, names the job's kind in graphd's refusal. */
  stopJob(ref: SpaceRef, jobId: number, command?: string): Promise<void>;
  /** How many jobs graphd re-queued: 0 means it declined. */
  recoverJob(ref: SpaceRef, jobId: number): Promise<number>;
  /** The cluster's job expiry as the bot was told and graphd's release, for the rules that depend on them. */
  serverFacts(cluster: string): ServerFacts;
}
