import { isJobStatus, isUnfinished, type JobDetail, jobDurationMs } from './job';

/**
 * A watched job: followed while it is unfinished, and its end told once, with how long it ran.
 * Watches are bounded: a job stuck for days does not keep the bot reading it forever.
 */

export const WATCH_MAX_MS = 7 * 86_400_000;

export type WatchOutcome =
  /** FINISHED, FAILED or STOPPED; `durationMs` null when the job never started. */
  | { kind: 'ended'; status: string; durationMs: number | null; errorCode: string | null }
  /** graphd no longer lists the job. */
  | { kind: 'gone' }
  /** Watched as long as a watch lasts; `status` null when graphd could not be read. */
  | { kind: 'timed-out'; status: string | null; watchedMs: number };

export type WatchVerdict = { kind: 'wait' } | { kind: 'end'; outcome: WatchOutcome };

export interface WatchState {
  startedAt: Date;
  until: Date;
}

export function isOngoing(status: string): boolean {
  return isJobStatus(status) ? isUnfinished(status) : false;
}

/** One look at a watched job; `detail` null: graphd says the job does not exist. */
export function judgeWatch(detail: JobDetail | null, state: WatchState, now: Date): WatchVerdict {
  if (!detail) return { kind: 'end', outcome: { kind: 'gone' } };
  const { job } = detail;
  if (!isOngoing(job.status)) {
    const errorCode = job.status === 'FAILED' ? detail.errorCode : null;
    return { kind: 'end', outcome: { kind: 'ended', status: job.status, durationMs: jobDurationMs(job, now), errorCode } };
  }
  if (now.getTime() >= state.until.getTime()) {
    return { kind: 'end', outcome: { kind: 'timed-out', status: job.status, watchedMs: now.getTime() - state.startedAt.getTime() } };
  }
  return { kind: 'wait' };
}

/** graphd could not be read: wait, unless the watch is over. */
export function judgeWatchUnread(state: WatchState, now: Date): WatchVerdict {
  if (now.getTime() < state.until.getTime()) return { kind: 'wait' };
  return { kind: 'end', outcome: { kind: 'timed-out', status: null, watchedMs: now.getTime() - state.startedAt.getTime() } };
}

/**
 * What a watched detail shows that is worth a redraw when it changes: the job's status and
 * times, and each task's status. Durations that grow by themselves are left out.
 */
export function detailFingerprint(detail: JobDetail): string {
  const { job } = detail;
  const tasks = detail.tasks.map((task) => `${task.taskId}:${task.status}:${task.stopTime?.getTime() ?? ''}`).join(',');
  return `${job.status}|${job.startTime?.getTime() ?? ''}|${job.stopTime?.getTime() ?? ''}|${detail.errorCode ?? ''}|${tasks}`;
}
