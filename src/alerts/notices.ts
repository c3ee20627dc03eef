import { SpaceRef } from '../spaces/space-ref';
import { JobAction } from '../jobs/rules';
import { StopOutcome, StopStall } from '../jobs/stop-settlement';
import { WatchOutcome } from '../jobs/watch-outcome';

/** What an alert says, frozen at detection time (it is stored in the outbox as JSON). */
export interface JobAlert extends SpaceRef {
  job: { id: number; command: string; status: string; startTime: number | null; stopTime: number | null };
  previousStatus: string | null;
  errorCode: string | null;
  failedTasks: Array<{ taskId: string; host: string; status: string; errorCode: string | null }>;
  /** Tasks left out of failedTasks, to keep the message within Slack's limits. */
  moreFailedTasks: number;
  /** Slack user who stopped the job through the bot, if one did. */
  stoppedBy: string | null;
  actions: JobAction[];
  detectedAt: number;
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
} & ({ follow: 'stop'; event: StopOutcome | StopStall } | { follow: 'watch'; event: WatchOutcome });

// ---------------------------------------------------------------------------------------------

export type Notice =
  | { kind: 'alert'; alert: JobAlert }
  | { kind: 'digest'; alerts: JobAlert[] }
  | { kind: 'follow-up'; followUp: FollowUp }
  | { kind: 'outage'; cluster: string; since: number; reason: string }
  | { kind: 'reachable'; cluster: string; downSince: number; at: number }
  | { kind: 'job-followed'; note: FollowNote };

export interface OutboxEntry {
  channelId: string;
  notice: Notice;
}
