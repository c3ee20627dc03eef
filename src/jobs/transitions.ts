import type { Job } from './job';

/** What the poller remembers of a job between polls. */
export interface JobSnapshot {
  id: number;
  command: string;
  status: string;
  startTime: number | null;
  stopTime: number | null;
}

export interface Transition {
  job: Job;
  /** null: a job first seen now. */
  from: string | null;
  to: string;
}

export interface SpaceDiff {
  /** New or changed jobs: what the store must write. Empty on an idle poll. */
  upserts: JobSnapshot[];
  /** Jobs graphd no longer lists (expired). */
  removed: number[];
  /** Status changes, in job id order. */
  transitions: Transition[];
}

export const ALERT_STATUSES = ['FAILED', 'STOPPED'] as const;

export function snapshotOf(job: Job): JobSnapshot {
  return {
    id: job.id,
    command: job.command,
    status: job.status,
    startTime: job.startTime?.getTime() ?? null,
    stopTime: job.stopTime?.getTime() ?? null,
  };
}

function same(a: JobSnapshot, b: JobSnapshot): boolean {
  return a.status === b.status && a.startTime === b.startTime && a.stopTime === b.stopTime && a.command === b.command;
}

/**
 * Compares what graphd lists now with what the poller saw last time. A job that is FAILED in
 * both but with a new stop time failed again in between (recovered and re-run): that counts as
 * a transition too, so every failure is alerted once.
 */
export function diffSpace(previous: ReadonlyMap<number, JobSnapshot>, jobs: readonly Job[]): SpaceDiff {
  const upserts: JobSnapshot[] = [];
  const transitions: Transition[] = [];
  const seen = new Set<number>();
  for (const job of [...jobs].sort((a, b) => a.id - b.id)) {
    seen.add(job.id);
    const now = snapshotOf(job);
    const before = previous.get(job.id);
    if (before && same(before, now)) continue;
    upserts.push(now);
    if (!before) {
      transitions.push({ job, from: null, to: now.status });
    } else if (before.status !== now.status || (now.status === 'FAILED' && before.stopTime !== now.stopTime)) {
      transitions.push({ job, from: before.status, to: now.status });
    }
  }
  const removed = [...previous.keys()].filter((id) => !seen.has(id)).sort((a, b) => a - b);
  return { upserts, removed, transitions };
}

/** Transitions people are alerted about: into FAILED or STOPPED (including STOPPED → FAILED). */
export function isAlertable(transition: Transition): boolean {
  return (ALERT_STATUSES as readonly string[]).includes(transition.to) && (transition.from !== transition.to || transition.to === 'FAILED');
}
