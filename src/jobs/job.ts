/** A NebulaGraph job as graphd reports it (SHOW JOBS / SHOW JOB), free of any client types. */

export const JOB_STATUSES = ['QUEUE', 'RUNNING', 'FINISHED', 'FAILED', 'STOPPED'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export function isJobStatus(value: string): value is JobStatus {
  return (JOB_STATUSES as readonly string[]).includes(value);
}

/** QUEUE and RUNNING jobs are still going; the others are over (until a recover). */
export function isUnfinished(status: JobStatus): boolean {
  return status === 'QUEUE' || status === 'RUNNING';
}

/** graphd prints ZONE_BALANCE as DATA_BALANCE; both are "BALANCE DATA" to an operator. */
export function isDataBalance(command: string): boolean {
  return command === 'DATA_BALANCE' || command === 'ZONE_BALANCE';
}

export interface Job {
  id: number;
  /** JobType name as graphd prints it: COMPACT, FLUSH, STATS, DATA_BALANCE, REBUILD_TAG_INDEX… */
  command: string;
  /** A status outside JOB_STATUSES (e.g. INVALID) is kept verbatim rather than dropped. */
  status: JobStatus | string;
  startTime: Date | null;
  stopTime: Date | null;
}

export interface JobTask {
  /** Task number for storage jobs; "<jobId>, <spaceId>:<partId>" for balance jobs. */
  taskId: string;
  /** Storage host (no port) for storage jobs; "src:port->dst:port" for balance jobs. */
  host: string;
  status: string;
  startTime: Date | null;
  stopTime: Date | null;
  errorCode: string | null;
}

export interface TaskSummary {
  total: number;
  succeeded: number;
  failed: number;
  inProgress: number;
  /** Only balance jobs report invalid tasks. */
  invalid?: number;
}

export interface JobDetail {
  job: Job;
  /** The job-level error code name, e.g. SUCCEEDED, E_JOB_SUBMITTED, E_RPC_FAILURE. */
  errorCode: string | null;
  layout: 'storage' | 'balance';
  tasks: JobTask[];
  summary: TaskSummary | null;
}

/** How long the job has run (or ran), in milliseconds; null before it started. */
export function jobDurationMs(job: Job, now: Date): number | null {
  // A recovered job waiting in QUEUE keeps its previous run's times: no current duration.
  if (!job.startTime || job.status === 'QUEUE') return null;
  const end = job.stopTime && job.status !== 'RUNNING' ? job.stopTime : now;
  return Math.max(0, end.getTime() - job.startTime.getTime());
}
