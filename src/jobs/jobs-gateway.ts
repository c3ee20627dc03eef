import { Job, JobDetail } from './job';

/** What the domain needs from NebulaGraph. Implemented in nebula/, faked nowhere: tests use a fake graphd. */
export interface JobsGateway {
  /** Spaces the bot's account may read, sorted by name. */
  listSpaces(): Promise<string[]>;
  /** Every unexpired job of the space, newest first. */
  listJobs(space: string): Promise<Job[]>;
  showJob(space: string, jobId: number): Promise<JobDetail>;
  stopJob(space: string, jobId: number): Promise<void>;
  /** How many jobs graphd re-queued: 0 means it declined. */
  recoverJob(space: string, jobId: number): Promise<number>;
}
