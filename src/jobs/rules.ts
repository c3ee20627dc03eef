import { formatDuration } from './duration';
import { isDataBalance, type Job } from './job';
import { DEFAULT_JOB_EXPIRY_MS } from './server-facts';

/**
 * What graphd 3.4–3.8 will and will not do with STOP JOB / RECOVER JOB
 * (docs/nebula-graphd.md), checked before anything is sent so people get a reason
 * in plain words instead of a silent "0 recovered" or a raw error. Where the bot cannot know
 * graphd's answer (a running job's executor, metad's clock) it sends the statement and explains
 * the answer instead of refusing up front.
 */

export type JobAction = 'stop' | 'recover';

export type Verdict = { allowed: true } | { allowed: false; reason: string };

const ALLOWED: Verdict = { allowed: true };
const refuse = (reason: string): Verdict => ({ allowed: false, reason });

/** Job types whose RUNNING executors implement stop(); the others refuse with E_JOB_NOT_STOPPABLE while metad runs them. */
const STOPPABLE_WHILE_RUNNING = new Set(['STATS', 'REBUILD_TAG_INDEX', 'REBUILD_EDGE_INDEX', 'DATA_BALANCE', 'ZONE_BALANCE']);

/** Types that take no parameters, so "same type queued" means RECOVER will skip the job. */
const PARAMETERLESS = new Set(['COMPACT', 'FLUSH', 'STATS', 'LEADER_BALANCE', 'DATA_BALANCE', 'ZONE_BALANCE']);

const utc = (date: Date): string => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/**
 * Where graphd will probably refuse a STOP the bot sends anyway: a running COMPACT, FLUSH,
 * DOWNLOAD, INGEST, LEADER_BALANCE or REBUILD_FULLTEXT_INDEX job. metad refuses only while it
 * holds the job's executor; after a metad restart or leader change such a job stays RUNNING
 * forever, and STOP is the server's own way out.
 */
export function stopCaveat(job: Job): string | null {
  if (job.status !== 'RUNNING' || STOPPABLE_WHILE_RUNNING.has(job.command)) return null;
  return `NebulaGraph will probably refuse: it cannot stop a ${job.command} job while metad runs it. If the job is stuck after a metad restart or leader change, STOP is accepted.`;
}

export function stopVerdict(job: Job): Verdict {
  switch (job.status) {
    case 'QUEUE':
    case 'RUNNING':
      return ALLOWED;
    case 'STOPPED':
      // graphd would accept it and only move the stop time: nothing to send.
      return refuse(`The job is already stopped${job.stopTime ? ` (since ${utc(job.stopTime)})` : ''}; nothing to do.`);
    case 'FINISHED':
      return refuse('A finished job cannot be stopped.');
    case 'FAILED':
      // graphd forces a failed balance job to STOPPED: the way to unblock new balance jobs.
      return isDataBalance(job.command) ? ALLOWED : refuse('A failed job cannot be stopped; recover it or start a new one.');
    default:
      return refuse(`A job in status ${job.status} cannot be stopped.`);
  }
}

/** Asked for what the job already is (stop a STOPPED job): said as information, not as a refusal. */
export function isAlreadyDone(action: JobAction, job: Job): boolean {
  return action === 'stop' && job.status === 'STOPPED';
}

/** By the bot's clock and setting: an ended job that started longer ago than metad keeps jobs. */
export function isExpired(job: Job, now: Date, expiryMs = DEFAULT_JOB_EXPIRY_MS): boolean {
  return job.status !== 'QUEUE' && job.status !== 'RUNNING' && job.startTime !== null && now.getTime() - job.startTime.getTime() > expiryMs;
}

const isListed = (job: Job, spaceJobs: readonly Job[]): boolean => spaceJobs.some((other) => other.id === job.id);

const sameKind = (a: Job, b: Job): boolean => a.id !== b.id && (a.command === b.command || (isDataBalance(a.command) && isDataBalance(b.command)));

/**
 * @param spaceJobs every job of the job's space (SHOW JOBS), for the expiry, balance and duplicate rules.
 */
export function recoverVerdict(job: Job, spaceJobs: readonly Job[], now: Date, expiryMs = DEFAULT_JOB_EXPIRY_MS): Verdict {
  if (job.status === 'FINISHED') return refuse('A finished job cannot be recovered.');
  if (job.status === 'QUEUE' || job.status === 'RUNNING')
    return refuse(`The job is ${job.status === 'QUEUE' ? 'queued' : 'running'}; only FAILED or STOPPED jobs can be recovered.`);
  if (job.status !== 'FAILED' && job.status !== 'STOPPED') return refuse(`A job in status ${job.status} cannot be recovered.`);
  // SHOW JOBS removes expired jobs before it answers: one it lists has not expired on metad's
  // clock, whatever the bot's clock and setting say. Only an unlisted job is judged by them.
  if (!isListed(job, spaceJobs) && isExpired(job, now, expiryMs)) {
    return refuse(
      `The job has expired: it started more than ${formatDuration(expiryMs)} ago (metad's --job_expired_secs), and NebulaGraph no longer recovers it. Start a new one instead.`,
    );
  }
  if (isDataBalance(job.command)) {
    // Listed jobs are unexpired (above), so each newer failed or stopped one counts.
    const newer = spaceJobs.filter((other) => isDataBalance(other.command) && other.id > job.id);
    if (newer.some((other) => other.status === 'FINISHED')) {
      return refuse('Only the latest BALANCE DATA job can be recovered, and a newer one has finished.');
    }
    if (newer.some((other) => other.status === 'FAILED' || other.status === 'STOPPED')) {
      return refuse('Only the latest BALANCE DATA job can be recovered.');
    }
  }
  // A queued twin is always in metad's in-flight set: RECOVER would skip this job. A running one
  // is only while metad still runs it; after a metad restart it is orphaned and blocks nothing,
  // so graphd decides (recoverDeclinedReason explains a 0).
  const queued = spaceJobs.find((other) => sameKind(other, job) && other.status === 'QUEUE');
  if (queued && PARAMETERLESS.has(job.command)) {
    return refuse(`${job.command} job ${queued.id} is already queued in this space; NebulaGraph would skip this one.`);
  }
  return ALLOWED;
}

/**
 * Why graphd answered RECOVER with 0 for a job the rules let through, from the space's jobs as
 * listed after that answer (null when they could not be read): graphd's listing wins.
 */
export function recoverDeclinedReason(job: Job, listedAfter: readonly Job[] | null, now: Date, expiryMs = DEFAULT_JOB_EXPIRY_MS): string {
  const kept = `metad keeps an ended job ${formatDuration(expiryMs)} after it started, measured on metad's clock (--job_expired_secs)`;
  if (listedAfter && !isListed(job, listedAfter)) {
    return `the job has expired: NebulaGraph no longer lists it (${kept}). Start a new one instead.`;
  }
  const twin = listedAfter?.find((other) => sameKind(other, job) && (other.status === 'QUEUE' || other.status === 'RUNNING'));
  if (twin) {
    return `NebulaGraph declined because ${twin.command} job ${twin.id} is ${twin.status === 'QUEUE' ? 'queued' : 'running'} in this space: a job is not recovered while one of the same kind is queued or running. Try again once job ${twin.id} has ended.`;
  }
  const age = job.startTime ? `it started ${formatDuration(now.getTime() - job.startTime.getTime())} ago by the bot's clock; ` : '';
  return `NebulaGraph declined; the job may have expired (${age}${kept}).`;
}

export function verdictFor(action: JobAction, job: Job, spaceJobs: readonly Job[], now: Date, expiryMs = DEFAULT_JOB_EXPIRY_MS): Verdict {
  return action === 'stop' ? stopVerdict(job) : recoverVerdict(job, spaceJobs, now, expiryMs);
}

/** The actions to offer on a job (as buttons), given everything known about its space. */
export function availableActions(job: Job, spaceJobs: readonly Job[], now: Date, expiryMs = DEFAULT_JOB_EXPIRY_MS): JobAction[] {
  const actions: JobAction[] = [];
  if (stopVerdict(job).allowed) actions.push('stop');
  if (recoverVerdict(job, spaceJobs, now, expiryMs).allowed) actions.push('recover');
  return actions;
}
