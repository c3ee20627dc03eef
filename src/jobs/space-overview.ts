import type { SpaceRef } from '../spaces/space-ref';
import { filterJobs } from './filter';
import type { Job } from './job';
import { isJobsError } from './jobs-error';
import type { JobsGateway } from './jobs-gateway';
import type { StuckJudge } from './stuck-rule';

/** The window of the overview's counts, as the list's `since` understands it. */
export const OVERVIEW_SINCE = '1d';

export interface SpaceCounts {
  /** Jobs running now. */
  running: number;
  /** FAILED / STOPPED jobs that started in the last day (the list's `since=1d`). */
  failed: number;
  stopped: number;
  /**
   * RUNNING jobs past their expected time (stuck-rule.ts). Undefined where no rule was given;
   * views show the count only when it is defined.
   */
  stuck?: number;
}

export type SpaceOverview = SpaceRef & ({ state: 'known'; counts: SpaceCounts } | { state: 'unreadable'; reason: string } | { state: 'pending' });

/** What a space's jobs come to at `now`, counted by the same filter the job list uses (and the stuck rule, given one). */
export function countJobs(jobs: readonly Job[], now: Date, stuck?: { judge: StuckJudge; ref: SpaceRef }): SpaceCounts {
  const ended = filterJobs(jobs, { statuses: ['FAILED', 'STOPPED'], since: OVERVIEW_SINCE }, now);
  const counts: SpaceCounts = {
    running: jobs.filter((job) => job.status === 'RUNNING').length,
    failed: ended.filter((job) => job.status === 'FAILED').length,
    stopped: ended.filter((job) => job.status === 'STOPPED').length,
  };
  if (stuck) counts.stuck = stuck.judge.judge(stuck.ref, jobs, now).running.length;
  return counts;
}

/** One space's overview; a failure to read it becomes a state, so one bad space spoils nothing else. */
export async function overviewOf(gateway: JobsGateway, ref: SpaceRef, now: () => Date, judge?: StuckJudge): Promise<SpaceOverview> {
  const { cluster, space } = ref;
  try {
    const jobs = await gateway.listJobs(ref);
    return { cluster, space, state: 'known', counts: countJobs(jobs, now(), judge && { judge, ref }) };
  } catch (error) {
    return { cluster, space, state: 'unreadable', reason: isJobsError(error) ? error.message : 'unexpected error' };
  }
}

export interface OverviewReading {
  /** Every space in the order asked, each known, unreadable, or still pending. */
  current(): SpaceOverview[];
  /** Settles when every space is known or unreadable; never rejects. */
  done: Promise<SpaceOverview[]>;
}

/**
 * Reads the spaces' overviews at most `concurrency` at a time. The caller may show `current()`
 * before `done` settles, so one slow space never holds back the others.
 */
export function readOverviews(gateway: JobsGateway, spaces: readonly SpaceRef[], now: () => Date, concurrency: number, judge?: StuckJudge): OverviewReading {
  const results: SpaceOverview[] = spaces.map(({ cluster, space }) => ({ cluster, space, state: 'pending' }));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < spaces.length) {
      const index = next;
      next += 1;
      results[index] = await overviewOf(gateway, spaces[index], now, judge);
    }
  };
  const workers = Array.from({ length: Math.min(Math.max(1, concurrency), spaces.length) }, worker);
  return { current: () => [...results], done: Promise.all(workers).then(() => [...results]) };
}
