import { isDataBalance, Job } from './job';

/**
 * What graphd 3.4–3.8 will and will not do with STOP JOB / RECOVER JOB
 * (docs/nebula-graphd.md), checked before anything is sent so people get a reason
 * in plain words instead of a silent "0 recovered" or a raw error.
 */

export type JobAction = 'stop' | 'recover';

export type Verdict = { allowed: true } | { allowed: false; reason: string };

const ALLOWED: Verdict = { allowed: true };
const refuse = (reason: string): Verdict => ({ allowed: false, reason });

/** Job types whose RUNNING executors implement stop(); the others refuse with E_JOB_NOT_STOPPABLE. */
const STOPPABLE_WHILE_RUNNING = new Set(['STATS', 'REBUILD_TAG_INDEX', 'REBUILD_EDGE_INDEX', 'DATA_BALANCE', 'ZONE_BALANCE']);

/** metad's job_expired_secs default: older jobs are neither listed nor recoverable. */
export const DEFAULT_JOB_EXPIRY_MS = 7 * 24 * 3_600_000;

/** Types that take no parameters, so "same type queued or running" means RECOVER will skip the job. */
const PARAMETERLESS = new Set(['COMPACT', 'FLUSH', 'STATS', 'LEADER_BALANCE', 'DATA_BALANCE', 'ZONE_BALANCE']);

export function stopVerdict(job: Job): Verdict {
  switch (job.status) {
    case 'QUEUE':
      return ALLOWED;
    case 'RUNNING':
      return STOPPABLE_WHILE_RUNNING.has(job.command)
        ? ALLOWED
        : refuse(`${job.command} jobs cannot be stopped while running; wait for the job to finish.`);
    case 'STOPPED':
      return refuse('The job is already stopped.');
    case 'FINISHED':
      return refuse('A finished job cannot be stopped.');
    case 'FAILED':
      // graphd forces a failed balance job to STOPPED: the way to unblock new balance jobs.
      return isDataBalance(job.command) ? ALLOWED : refuse('A failed job cannot be stopped; recover it or start a new one.');
    default:
      return refuse(`A job in status ${job.status} cannot be stopped.`);
  }
}

export function isExpired(job: Job, now: Date, expiryMs = DEFAULT_JOB_EXPIRY_MS): boolean {
  return job.status !== 'QUEUE' && job.status !== 'RUNNING' && job.startTime !== null && now.getTime() - job.startTime.getTime() > expiryMs;
}

/**
 * @param spaceJobs every job of the job's space (SHOW JOBS), for the balance and duplicate rules.
 */
export function recoverVerdict(job: Job, spaceJobs: readonly Job[], now: Date, expiryMs = DEFAULT_JOB_EXPIRY_MS): Verdict {
  if (job.status === 'FINISHED') return refuse('A finished job cannot be recovered.');
  if (job.status === 'QUEUE' || job.status === 'RUNNING') return refuse(`The job is ${job.status === 'QUEUE' ? 'queued' : 'running'}; only FAILED or STOPPED jobs can be recovered.`);
  if (job.status !== 'FAILED' && job.status !== 'STOPPED') return refuse(`A job in status ${job.status} cannot be recovered.`);
  if (isExpired(job, now, expiryMs)) return refuse('The job has expired (started more than 7 days ago); start a new one instead.');
  if (isDataBalance(job.command)) {
    const newer = spaceJobs.filter((other) => isDataBalance(other.command) && other.id > job.id);
    if (newer.some((other) => other.status === 'FINISHED')) {
      return refuse('Only the latest BALANCE DATA job can be recovered, and a newer one has finished.');
    }
    if (newer.some((other) => (other.status === 'FAILED' || other.status === 'STOPPED') && !isExpired(other, now, expiryMs))) {
      return refuse('Only the latest BALANCE DATA job can be recovered.');
    }
  }
  const sameKind = (other: Job): boolean =>
    other.id !== job.id && (other.command === job.command || (isDataBalance(other.command) && isDataBalance(job.command)));
  const busy = spaceJobs.find((other) => sameKind(other) && (other.status === 'QUEUE' || other.status === 'RUNNING'));
  if (busy && PARAMETERLESS.has(job.command)) {
    return refuse(`${job.command} job ${busy.id} is already ${busy.status === 'QUEUE' ? 'queued' : 'running'} in this space; NebulaGraph would skip this one.`);
  }
  return ALLOWED;
}

export function verdictFor(action: JobAction, job: Job, spaceJobs: readonly Job[], now: Date): Verdict {
  return action === 'stop' ? stopVerdict(job) : recoverVerdict(job, spaceJobs, now);
}

/** The actions to offer on a job (as buttons), given everything known about its space. */
export function availableActions(job: Job, spaceJobs: readonly Job[], now: Date): JobAction[] {
  const actions: JobAction[] = [];
  if (stopVerdict(job).allowed) actions.push('stop');
  if (recoverVerdict(job, spaceJobs, now).allowed) actions.push('recover');
  return actions;
}
