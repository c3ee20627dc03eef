import { Job, JobDetail } from './job';
import { ServerFacts } from './server-facts';

/** What the domain needs from NebulaGraph. Implemented in nebula/, faked nowhere: tests use a fake graphd. */
export interface JobsGateway {
  /** Spaces the bot's account may read, sorted by name. */
  listSpaces(): Promise<string[]>;
  /** Every unexpired job of the space, newest first. */
  listJobs(space: string): Promise<Job[]>;
  showJob(space: string, jobId: number): Promise<JobDetail>;
  /** `command`, when known, names the job's kind in graphd's refusal. */
  stopJob(space: string, jobId: number, command?: string): Promise<void>;
  /** How many jobs graphd re-queued: 0 means it declined. */
  recoverJob(space: string, jobId: number): Promise<number>;
  /** The job expiry the bot was configured with and graphd's release, for the rules that depend on them. */
  serverFacts(): ServerFacts;
}
