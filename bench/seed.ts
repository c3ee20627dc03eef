import { FakeGraphd } from '../test/support/graphd';

/** 100 spaces × 1,000 jobs over the last days: mostly finished, some failed, one running each. */
export function seedCluster(graphd: FakeGraphd, spaces = 100, jobs = 1000): string[] {
  const names = Array.from({ length: spaces }, (_, i) => `space${i}`);
  const now = Date.now();
  for (const name of names) {
    graphd.createSpace(name);
    graphd.addJobs(name, jobs, (i) => {
      const start = new Date(now - (jobs - i) * 5 * 60_000);
      const status = i === jobs - 1 ? 'RUNNING' : i % 13 === 0 ? 'FAILED' : 'FINISHED';
      return { command: ['COMPACT', 'FLUSH', 'STATS'][i % 3], status, startTime: start, stopTime: status === 'RUNNING' ? null : new Date(start.getTime() + 60_000) };
    });
  }
  return names;
}
