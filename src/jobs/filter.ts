import type { Job } from './job';
import { type JobQuery, resolveWindow } from './job-query';

/**
 * Filters jobs as the Dashboard's Job management page does, newest first. graphd cannot filter
 * SHOW JOBS itself (job statements cannot be piped), so this runs on the bot.
 */
export function filterJobs(jobs: readonly Job[], query: JobQuery, now: Date): Job[] {
  const { from, to } = resolveWindow(query, now);
  const command = query.command?.toLowerCase();
  // Compared as numbers: this runs over every unexpired job on every list and click.
  const fromMs = from.getTime();
  const toMs = to === null ? Number.POSITIVE_INFINITY : to.getTime();
  const nowMs = now.getTime();
  const matching = jobs.filter((job) => {
    if (query.jobId !== undefined && job.id !== query.jobId) return false;
    if (query.statuses.length > 0 && !query.statuses.includes(job.status as never)) return false;
    if (command && !job.command.toLowerCase().includes(command)) return false;
    // A queued job has no start time yet: it belongs to "now".
    const at = job.startTime === null ? nowMs : job.startTime.getTime();
    return at >= fromMs && at <= toMs;
  });
  return newestFirst(matching) ? matching : matching.sort((a, b) => b.id - a.id);
}

/** graphd lists jobs in id order; a list already newest first needs no sort. */
function newestFirst(jobs: readonly Job[]): boolean {
  for (let i = 1; i < jobs.length; i += 1) if (jobs[i - 1].id < jobs[i].id) return false;
  return true;
}

export const PAGE_SIZE = 10;

export interface Page<T> {
  items: T[];
  /** Zero-based, clamped into range. */
  index: number;
  count: number;
  total: number;
}

export function pageOf<T>(items: readonly T[], requested: number, size = PAGE_SIZE): Page<T> {
  const count = Math.max(1, Math.ceil(items.length / size));
  const index = Math.min(Math.max(0, Math.floor(requested) || 0), count - 1);
  return { items: items.slice(index * size, index * size + size), index, count, total: items.length };
}
