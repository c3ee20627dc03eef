import { type BalanceTask, type FakeJob, isMetaJob, type JobEngine, type JobStatus, type StorageTask } from './job-engine';

/** How a test describes a job to put into metad (FakeGraphd.addJob). */
export interface JobSeed {
  id?: number;
  command: string;
  status: JobStatus;
  /** null or absent: EMPTY. */
  startTime?: Date | null;
  stopTime?: Date | null;
  errorCode?: string;
  params?: string;
  /** Whether metad holds the job's executor; defaults to true for RUNNING jobs (see FakeJob). */
  executorLive?: boolean;
  /** errorCode: the task's own code; defaults by status (RUNNING E_JOB_SUBMITTED, FINISHED SUCCEEDED, FAILED the job's code). */
  tasks?: Array<{ host: string; status: string; startTime?: Date | null; stopTime?: Date | null; errorCode?: string }>;
  balanceTasks?: Array<{ partId: number; src: string; dst: string; status: string; startTime?: Date | null; stopTime?: Date | null }>;
}

export const seconds = (date: Date | null | undefined): number => (date ? Math.floor(date.getTime() / 1000) : 0);

/** Fills a seed's defaults from the fake's clock: ended jobs get times, codes follow the status. */
export function seedJob(engine: JobEngine, space: string, seed: JobSeed, now: Date): FakeJob {
  const started = seed.status !== 'QUEUE' && seed.startTime !== null;
  const start = seed.startTime === undefined ? (started ? now : null) : seed.startTime;
  const stop = seed.stopTime === undefined ? (['FINISHED', 'FAILED', 'STOPPED'].includes(seed.status) ? now : null) : seed.stopTime;
  const defaultCode = { FINISHED: 'SUCCEEDED', FAILED: 'E_TASK_EXECUTION_FAILED' }[seed.status as string] ?? 'E_JOB_SUBMITTED';
  const errorCode = seed.errorCode ?? defaultCode;
  const taskCode = (status: string): string => ({ FINISHED: 'SUCCEEDED', FAILED: errorCode })[status] ?? 'E_JOB_SUBMITTED';
  const tasks: StorageTask[] = (seed.tasks ?? []).map((t) => ({
    host: t.host,
    status: t.status,
    start: seconds(t.startTime ?? start),
    stop: seconds(t.stopTime),
    errorCode: t.errorCode ?? taskCode(t.status),
  }));
  const balanceTasks: BalanceTask[] = (seed.balanceTasks ?? []).map((t) => ({ ...t, start: seconds(t.startTime ?? start), stop: seconds(t.stopTime) }));
  return engine.addJob(space, {
    id: seed.id,
    type: seed.command,
    status: seed.status,
    start: seconds(start),
    stop: seconds(stop),
    errorCode,
    params: seed.params ?? '',
    tasks,
    balanceTasks,
    executorLive: seed.executorLive,
  });
}

/**
 * Moves a job as metad's scheduler and storaged would, with its tasks: entering RUNNING starts a
 * run (a live executor, one RUNNING task per storage host, code E_JOB_SUBMITTED); FINISHED
 * finishes every task; FAILED fails the last task with the job's code; QUEUE resets the code.
 * The move is forced (any status to any other, but FINISHED is final on 3.4+).
 */
export function moveJob(engine: JobEngine, job: FakeJob, status: JobStatus, at: number, errorCode?: string): void {
  // A new run re-creates the tasks; a RUNNING job seeded without tasks gets them too.
  const rerun = status === 'RUNNING' && (job.status !== 'RUNNING' || job.tasks.length === 0);
  engine.setStatus(job, status, at, true);
  job.executorLive = status === 'RUNNING';
  if (status === 'QUEUE' || status === 'RUNNING') job.errorCode = 'E_JOB_SUBMITTED';
  if (rerun && !isMetaJob(job.type)) {
    const hosts = job.tasks.length > 0 ? job.tasks.map((task) => task.host) : engine.defaultHosts;
    job.tasks = hosts.map((host) => ({ host, status: 'RUNNING', start: at, stop: 0, errorCode: 'E_JOB_SUBMITTED' }));
  }
  if (status === 'FINISHED') {
    job.errorCode = errorCode ?? 'SUCCEEDED';
    for (const task of job.tasks) Object.assign(task, { status: 'FINISHED', stop: task.stop || at, errorCode: 'SUCCEEDED' });
  }
  if (status === 'FAILED') {
    const code = errorCode ?? 'E_TASK_EXECUTION_FAILED';
    job.errorCode = code;
    job.tasks.forEach((task, index) => {
      const failed = index === job.tasks.length - 1;
      Object.assign(task, { status: failed ? 'FAILED' : 'FINISHED', stop: task.stop || at, errorCode: failed ? code : 'SUCCEEDED' });
    });
  }
  if (status === 'STOPPED' && errorCode) job.errorCode = errorCode;
}
