import type { Job, JobDetail, JobTask } from '../jobs/job';
import { JobsError } from '../jobs/jobs-error';
import type { JobsGateway } from '../jobs/jobs-gateway';
import { isExpired, recoverVerdict, stopVerdict } from '../jobs/rules';
import { DEFAULT_JOB_EXPIRY_MS, type ServerFacts } from '../jobs/server-facts';
import { type ClusterStatus, DEFAULT_CLUSTER, type SpaceRef } from '../spaces/space-ref';

/**
 * A pretend NebulaGraph for `npm run demo`: a few spaces whose jobs queue, run, finish and fail
 * over time, following the same stop/recover rules as graphd. Nothing here talks to a cluster.
 */

interface SimJob extends Job {
  errorCode: string;
  tasks: JobTask[];
  /** When a running job will end, and how. */
  endsAt: number | null;
  willFail: boolean;
}

const COMMANDS = ['COMPACT', 'FLUSH', 'STATS', 'REBUILD_TAG_INDEX', 'REBUILD_EDGE_INDEX', 'DATA_BALANCE'];
const HOSTS = ['storaged-0', 'storaged-1', 'storaged-2'];
const FAILURE_CODES = ['E_RPC_FAILURE', 'E_TASK_EXECUTION_FAILED', 'E_LEADER_CHANGED', 'E_STORE_FAILURE'];
export const DEMO_SPACES = ['demo_social', 'demo_fraud', 'demo_kg'];

/** A small deterministic PRNG (mulberry32), so a seeded demo behaves the same every time. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class SimulatedCluster implements JobsGateway {
  private readonly spaces = new Map<string, SimJob[]>();
  private nextId = 100;

  constructor(
    private readonly now: () => Date = () => new Date(),
    private readonly random: () => number = Math.random,
  ) {
    for (const space of DEMO_SPACES) {
      this.spaces.set(space, []);
      this.seedHistory(space);
    }
  }

  /** Moves time on: queued jobs start (one per space), running ones end, new ones arrive. */
  tick(): void {
    const now = this.now().getTime();
    for (const [space, jobs] of this.spaces) {
      for (const job of jobs.filter((j) => j.status === 'RUNNING' && j.endsAt !== null && j.endsAt <= now)) this.finish(job, now);
      if (!jobs.some((j) => j.status === 'RUNNING')) {
        const next = jobs.filter((j) => j.status === 'QUEUE').sort((a, b) => a.id - b.id)[0];
        if (next) this.start(next, now);
      }
      if (this.random() < 0.15) this.submit(space, COMMANDS[Math.floor(this.random() * COMMANDS.length)]);
    }
  }

  /**
   * Makes a job of the space fail now, so an alert can be shown on demand: the running job, else
   * the oldest queued one (started first), else a new STATS job. Returns the failed job's id.
   */
  makeJobFail(space: string): number {
    const jobs = this.jobsOf(space);
    const now = this.now().getTime();
    let job = jobs.find((j) => j.status === 'RUNNING');
    if (!job) {
      job = jobs.filter((j) => j.status === 'QUEUE').sort((a, b) => a.id - b.id)[0] ?? this.submit(space, 'STATS');
      this.start(job, now);
    }
    job.willFail = true;
    this.finish(job, now);
    return job.id;
  }

  /** One cluster, the default one: the demo has no clusters file. */
  clusters(): ClusterStatus[] {
    return [{ name: DEFAULT_CLUSTER, state: 'ready', version: 'simulated', lastError: null }];
  }

  /** A simulation is no release: its task rows repeat the job's code, as 3.3 and later do. */
  serverFacts(): ServerFacts {
    return { jobExpiryMs: DEFAULT_JOB_EXPIRY_MS, version: null };
  }

  async listSpaces(): Promise<string[]> {
    return [...this.spaces.keys()].sort();
  }

  async listJobs({ space }: SpaceRef): Promise<Job[]> {
    const jobs = this.jobsOf(space);
    const now = this.now();
    this.spaces.set(
      space,
      jobs.filter((job) => !isExpired(job, now)),
    );
    return this.jobsOf(space)
      .map(({ id, command, status, startTime, stopTime }) => ({ id, command, status, startTime, stopTime }))
      .sort((a, b) => b.id - a.id);
  }

  async showJob({ space }: SpaceRef, jobId: number): Promise<JobDetail> {
    const job = this.find(space, jobId);
    const count = (status: string): number => job.tasks.filter((t) => t.status === status).length;
    return {
      job: { id: job.id, command: job.command, status: job.status, startTime: job.startTime, stopTime: job.stopTime },
      errorCode: job.errorCode,
      layout: 'storage',
      tasks: job.tasks.map((task) => ({ ...task })),
      summary: { total: job.tasks.length, succeeded: count('FINISHED'), failed: count('FAILED'), inProgress: count('RUNNING') },
    };
  }

  async stopJob({ space }: SpaceRef, jobId: number): Promise<void> {
    const job = this.find(space, jobId);
    const verdict = stopVerdict(job);
    if (!verdict.allowed && job.status !== 'STOPPED') throw new JobsError('action-refused', verdict.reason);
    const now = this.now();
    job.status = 'STOPPED';
    job.startTime = job.startTime ?? now;
    job.stopTime = now;
    job.endsAt = null;
    for (const task of job.tasks.filter((t) => t.status === 'RUNNING')) task.status = 'STOPPED';
  }

  async recoverJob({ space }: SpaceRef, jobId: number): Promise<number> {
    const job = this.find(space, jobId);
    if (!recoverVerdict(job, this.jobsOf(space), this.now()).allowed) return 0;
    job.status = 'QUEUE';
    job.errorCode = 'E_JOB_SUBMITTED';
    return 1;
  }

  private jobsOf(space: string): SimJob[] {
    const jobs = this.spaces.get(space);
    if (!jobs) throw new JobsError('space-not-found', `Graph space \`${space}\` does not exist.`, `The demo has ${DEMO_SPACES.map((s) => `\`${s}\``).join(', ')}.`);
    return jobs;
  }

  private find(space: string, jobId: number): SimJob {
    const job = this.jobsOf(space).find((j) => j.id === jobId);
    if (!job) throw new JobsError('job-not-found', `Job ${jobId} does not exist in space \`${space}\` (or it has expired).`);
    return job;
  }

  /** SUBMIT JOB: a queued or running job of the same kind is answered instead of a new one. */
  private submit(space: string, command: string): SimJob {
    const twin = this.jobsOf(space).find((j) => j.command === command && (j.status === 'QUEUE' || j.status === 'RUNNING'));
    if (twin) return twin;
    const job: SimJob = {
      id: this.nextId,
      command,
      status: 'QUEUE',
      startTime: null,
      stopTime: null,
      errorCode: 'E_JOB_SUBMITTED',
      tasks: [],
      endsAt: null,
      willFail: this.random() < 0.25,
    };
    this.nextId += 1 + Math.floor(this.random() * 3); // ids are shared cluster-wide in NebulaGraph: gaps are normal
    this.jobsOf(space).push(job);
    return job;
  }

  private start(job: SimJob, now: number): void {
    job.status = 'RUNNING';
    job.startTime = new Date(now);
    job.errorCode = 'E_JOB_SUBMITTED';
    job.endsAt = now + (20 + Math.floor(this.random() * 100)) * 1000;
    job.tasks = HOSTS.map((host, index) => ({ taskId: String(index), host, status: 'RUNNING', startTime: new Date(now), stopTime: null, errorCode: null }));
  }

  private finish(job: SimJob, now: number): void {
    job.endsAt = null;
    job.stopTime = new Date(now);
    const code = FAILURE_CODES[Math.floor(this.random() * FAILURE_CODES.length)];
    job.status = job.willFail ? 'FAILED' : 'FINISHED';
    job.errorCode = job.willFail ? code : 'SUCCEEDED';
    job.tasks.forEach((task, index) => {
      task.status = job.willFail && index === job.tasks.length - 1 ? 'FAILED' : 'FINISHED';
      task.stopTime = new Date(now);
      task.errorCode = job.errorCode;
    });
    job.willFail = this.random() < 0.25; // if recovered, it may fail again
  }

  /** A few days of past jobs, so lists, filters and details have something to show. */
  private seedHistory(space: string): void {
    const now = this.now().getTime();
    for (let i = 30; i > 0; i -= 1) {
      const job = this.submit(space, COMMANDS[Math.floor(this.random() * COMMANDS.length)]);
      const started = now - i * 4 * 3_600_000;
      this.start(job, started);
      this.finish(job, started + (5 + Math.floor(this.random() * 55)) * 60_000);
      if (this.random() < 0.1) {
        job.status = 'STOPPED';
        job.errorCode = 'E_JOB_SUBMITTED';
      }
    }
    this.start(this.submit(space, 'STATS'), now - 60_000);
    this.submit(space, 'COMPACT');
  }
}
