import type { JobDetail } from './job';
import type { ActionResult } from './perform-action';

/**
 * What becomes of a job after a STOP, followed until its tasks settle (docs/nebula-graphd.md):
 * graphd marks the job STOPPED at once, but storaged's tasks may run on for a while, report the
 * cancel (the job then turns FAILED with E_USER_CANCEL), or finish anyway (FINISHED).
 */

/** How long a stop is followed at most. */
export const STOP_FOLLOW_MS = 30 * 60_000;
/** Tasks still at work this long after the stop are worth saying so (once). */
export const STOP_STALL_MS = 5 * 60_000;
/** The code storaged reports for the tasks of a job someone stopped. */
export const USER_CANCEL = 'E_USER_CANCEL';

/** Storage tasks at work say RUNNING; balance tasks IN_PROGRESS. */
const AT_WORK = new Set(['RUNNING', 'IN_PROGRESS']);

/** Tasks still at work, by the task rows or the summary row, whichever says more. */
export function tasksAtWork(detail: JobDetail): number {
  const listed = detail.tasks.filter((task) => AT_WORK.has(task.status)).length;
  return Math.max(listed, detail.summary?.inProgress ?? 0);
}

/** A stop worth following: it was carried out, or may have been and the job shows STOPPED. */
export function shouldFollowStop(result: ActionResult): boolean {
  if (result.result === 'executed') return true;
  return result.result === 'outcome-unknown' && result.after?.status === 'STOPPED';
}

export interface StopFollowState {
  stoppedAt: Date;
  /** When "still running" was said; null while it has not been. */
  warnedAt: Date | null;
  until: Date;
}

export type StopOutcome =
  /** STOPPED, and no task is at work any more. `tasks`: how many the job had. */
  | { kind: 'settled'; tasks: number }
  /** storaged reported the cancel: FAILED with E_USER_CANCEL. */
  | { kind: 'cancel-reported' }
  /** Its tasks completed before the stop reached them. */
  | { kind: 'finished' }
  /** FAILED with another code after the stop. */
  | { kind: 'failed'; errorCode: string | null }
  /** QUEUE or RUNNING again: recovered (or re-run) meanwhile. */
  | { kind: 'moved-on'; status: string }
  /** graphd no longer lists the job (expired, or its space dropped). */
  | { kind: 'gone' }
  /** Followed as long as it is followed; `atWork` null when graphd could not be read. */
  | { kind: 'gave-up'; afterMs: number; atWork: number | null };

/** Tasks at work a while after the stop: said once, and the job is followed on. */
export interface StopStall {
  kind: 'still-running';
  afterMs: number;
  atWork: number;
  total: number;
  /** Hosts of (some of) the tasks at work. */
  hosts: string[];
  until: number;
}

export type StopVerdict = { kind: 'wait' } | StopStall | { kind: 'end'; outcome: StopOutcome };

const HOSTS_SHOWN = 5;

/**
 * One look at a stopped job: `detail` as SHOW JOB answers now (null: graphd says the job does
 * not exist). The end wins over the stall; the stall is said once; the follow ends at `until`.
 */
export function judgeStop(detail: JobDetail | null, state: StopFollowState, now: Date): StopVerdict {
  const afterMs = Math.max(0, now.getTime() - state.stoppedAt.getTime());
  if (!detail) return { kind: 'end', outcome: { kind: 'gone' } };
  const { status } = detail.job;
  if (status === 'FAILED') {
    return { kind: 'end', outcome: detail.errorCode === USER_CANCEL ? { kind: 'cancel-reported' } : { kind: 'failed', errorCode: detail.errorCode } };
  }
  if (status === 'FINISHED') return { kind: 'end', outcome: { kind: 'finished' } };
  if (status !== 'STOPPED') return { kind: 'end', outcome: { kind: 'moved-on', status } };
  const atWork = tasksAtWork(detail);
  if (atWork === 0) return { kind: 'end', outcome: { kind: 'settled', tasks: detail.tasks.length } };
  if (now.getTime() >= state.until.getTime()) return { kind: 'end', outcome: { kind: 'gave-up', afterMs, atWork } };
  if (state.warnedAt === null && afterMs >= STOP_STALL_MS) {
    const hosts = [...new Set(detail.tasks.filter((task) => AT_WORK.has(task.status)).map((task) => task.host))].slice(0, HOSTS_SHOWN);
    return { kind: 'still-running', afterMs, atWork, total: Math.max(detail.tasks.length, detail.summary?.total ?? 0), hosts, until: state.until.getTime() };
  }
  return { kind: 'wait' };
}

/** graphd could not be read: wait, unless the follow is over. */
export function judgeStopUnread(state: StopFollowState, now: Date): StopVerdict {
  if (now.getTime() < state.until.getTime()) return { kind: 'wait' };
  return { kind: 'end', outcome: { kind: 'gave-up', afterMs: Math.max(0, now.getTime() - state.stoppedAt.getTime()), atWork: null } };
}
