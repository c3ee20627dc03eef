import type { Job } from '../jobs/job';
import type { JobAction } from '../jobs/rules';
import type { StopOutcome, StopStall } from '../jobs/stop-settlement';
import type { LimitBasis, Usual } from '../jobs/stuck-rule';
import type { WatchOutcome } from '../jobs/watch-outcome';
import type { SpaceRef } from '../spaces/space-ref';

/** What an alert says, frozen at detection time (it is stored in the outbox as JSON). */
export interface JobAlert extends SpaceRef {
  job: AlertedJob;
  previousStatus: string | null;
  errorCode: string | null;
  failedTasks: Array<{ taskId: string; host: string; status: string; errorCode: string | null }>;
  /** Tasks left out of failedTasks, to keep the message within Slack's limits. */
  moreFailedTasks: number;
  /** Slack user who stopped the job through the bot, if one did. */
  stoppedBy: string | null;
  actions: JobAction[];
  detectedAt: number;
  /**
   * A FAILED BALANCE DATA job: graphd refuses every new balance of the space (E_JOB_NEED_RECOVER)
   * until it is recovered or stopped; the alert says so and offers both (absent in older rows).
   */
  balanceBlocked?: boolean;
}

/** A later change of an alerted job, replied in the alert's thread. */
export interface FollowUp extends SpaceRef {
  jobId: number;
  from: string;
  to: string;
  at: number;
  /** Who recovered or stopped it through the bot, when the audit trail says so. */
  actorId: string | null;
  /**
   * STOPPED → FAILED with E_USER_CANCEL: storaged's report of the stop itself, told in the thread
   * instead of a new FAILED alert (absent in outbox rows written before it existed).
   */
  cancelReported?: boolean;
  /** The job had a stuck alert (it ran, or waited, longer than expected): how long that lasted. */
  stuck?: { kind: 'running' | 'queued'; forMs: number };
  /** A failed balance job left FAILED and no other one is FAILED: new balances may start again. */
  balanceUnblocked?: boolean;
}

/** A job as an alert shows it, frozen at detection time. */
export interface AlertedJob {
  id: number;
  command: string;
  status: string;
  startTime: number | null;
  stopTime: number | null;
}

/** A job as an alert stores it: times as epoch milliseconds, for JSON. */
export function alertedJob(job: Job): AlertedJob {
  return { id: job.id, command: job.command, status: job.status, startTime: job.startTime?.getTime() ?? null, stopTime: job.stopTime?.getTime() ?? null };
}

/** The job an alert was about, as it was when the alert was written. */
export function jobOfAlert(alert: { job: AlertedJob }): Job {
  const { job } = alert;
  return {
    id: job.id,
    command: job.command,
    status: job.status,
    startTime: job.startTime === null ? null : new Date(job.startTime),
    stopTime: job.stopTime === null ? null : new Date(job.stopTime),
  };
}

/**
 * A job RUNNING longer than expected, or waiting in QUEUE behind such a job (one job runs at a
 * time per space): posted once per run or wait, with Stop and Details.
 */
export interface StuckAlert extends SpaceRef {
  /** Tells it from a failure alert where both are kept (alert threads). */
  kind: 'stuck';
  reason: 'running' | 'queued';
  job: AlertedJob;
  /** How long it had run (running) or waited (queued) when detected. */
  forMs: number;
  /** The limit it went past: the kind's (running) or STUCK_QUEUE_AFTER (queued). */
  limitMs: number;
  basis: LimitBasis;
  /** How long the kind usually takes in this space (running: this job's; queued: the blocker's). */
  usual: Usual | null;
  /** Running: jobs queued behind it, oldest first (the first few). */
  waiting: Array<{ id: number; command: string }>;
  moreWaiting: number;
  /** Queued: the stuck job it waits behind. */
  blockedBy: { id: number; command: string; forMs: number } | null;
  actions: JobAction[];
  detectedAt: number;
}

/** A job that turned FINISHED, for channels that asked for every end (`status=…,finished`). */
export interface FinishedNotice extends SpaceRef {
  job: AlertedJob;
  tookMs: number | null;
  usual: Usual | null;
  detectedAt: number;
}

/** What an alert thread redraws after a follow-up. */
export type ThreadAlert = JobAlert | StuckAlert;

export function isStuckAlert(alert: ThreadAlert): alert is StuckAlert {
  return (alert as StuckAlert).kind === 'stuck';
}

/** What an alert offers: the job's Stop and Recover buttons, and whether it still warns that new balances are blocked. */
export interface AlertOffer {
  actions: JobAction[];
  balanceBlocked: boolean;
}

const ended = (status: string): boolean => status === 'FAILED' || status === 'STOPPED';

/**
 * What an alert offers once the job's latest status is `status` (undefined: as first posted).
 * A failure alert keeps Recover while the job is still FAILED or STOPPED (a stop's cancel report
 * turns STOPPED into FAILED), and Stop only on a failed balance job still blocking new balances:
 * stopping it is how new balances are unblocked. A stuck alert keeps Stop while the job is as alerted.
 */
export function alertOffer(alert: ThreadAlert, status?: string): AlertOffer {
  const was = alert.job.status;
  if (isStuckAlert(alert)) {
    const still = status === undefined || status === was;
    return { actions: still ? alert.actions.filter((a) => a === 'stop') : [], balanceBlocked: false };
  }
  const balanceBlocked = alert.balanceBlocked === true && (status === undefined || status === 'FAILED');
  const still = status === undefined || status === was || (ended(status) && ended(was));
  return { actions: still ? alert.actions.filter((a) => a === 'recover' || (balanceBlocked && a === 'stop')) : [], balanceBlocked };
}

// ---- the job follower (stop follow-through and watches) ------------------------------------

/**
 * What the job follower tells (src/alerts/job-follower.ts): how a stop ended once the job's tasks
 * settled, or a watched job's end. Posted in `threadTs` when the place has a thread.
 */
export type FollowNote = SpaceRef & {
  jobId: number;
  command: string | null;
  /** Who is mentioned: who stopped the job (or asked to), or who watches it. */
  userId: string;
  /** The admin who approved the stop, if one did. */
  approverId: string | null;
  threadTs: string | null;
  at: number;
} & FollowEvent;

/** What a follow note tells: how a stop went, or how a watched job ended. */
export type FollowEvent = { follow: 'stop'; event: StopOutcome | StopStall } | { follow: 'watch'; event: WatchOutcome };

// ---------------------------------------------------------------------------------------------

export type Notice =
  | { kind: 'alert'; alert: JobAlert }
  | { kind: 'digest'; alerts: JobAlert[] }
  | { kind: 'follow-up'; followUp: FollowUp }
  | { kind: 'outage'; cluster: string; since: number; reason: string }
  | { kind: 'reachable'; cluster: string; downSince: number; at: number }
  | { kind: 'job-followed'; note: FollowNote }
  // Stuck jobs and finished notices (stuck-notices.ts)
  | { kind: 'stuck'; alert: StuckAlert }
  | { kind: 'stuck-digest'; alerts: StuckAlert[] }
  | { kind: 'finished'; finished: FinishedNotice }
  | { kind: 'finished-digest'; finished: FinishedNotice[] };

export interface OutboxEntry {
  channelId: string;
  notice: Notice;
}
