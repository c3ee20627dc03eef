import type { FakeGraphd } from '../test/support/graphd';

/**
 * 100 spaces × 1,000 jobs over the last days: mostly finished, some failed, one running each.
 * `stuck`: the running job started 7 h ago (its kind takes a minute here) and two jobs wait behind
 * it, so the stuck rule has an alerted job and queued jobs to watch in every space.
 */
export function seedCluster(graphd: FakeGraphd, spaces = 100, jobs = 1000, options: { stuck?: boolean } = {}): string[] {
  const names = Array.from({ length: spaces }, (_, i) => `space${i}`);
  const now = Date.now();
  for (const name of names) {
    graphd.createSpace(name);
    graphd.addJobs(name, jobs, (i) => {
      const start = new Date(now - (jobs - i) * 5 * 60_000);
      const status = i === jobs - 1 ? 'RUNNING' : i % 13 === 0 ? 'FAILED' : 'FINISHED';
      const startTime = status === 'RUNNING' && options.stuck ? new Date(now - 7 * 3_600_000) : start;
      return { command: ['COMPACT', 'FLUSH', 'STATS'][i % 3], status, startTime, stopTime: status === 'RUNNING' ? null : new Date(start.getTime() + 60_000) };
    });
    if (options.stuck) graphd.addJobs(name, 2, (i) => ({ command: 'REBUILD_TAG_INDEX', status: 'QUEUE', params: `index_${i}` }));
  }
  return names;
}
