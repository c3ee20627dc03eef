import type { Job } from '../../src/jobs/job';
import { countJobs } from '../../src/jobs/space-overview';
import { DEFAULT_STUCK_SETTINGS, StuckRule } from '../../src/jobs/stuck-rule';

const now = new Date('2024-06-10T12:00:00Z');
const HOUR = 3_600_000;
const job = (id: number, status: string, startedHoursAgo: number | null, stoppedHoursAgo: number | null = null): Job => ({
  id,
  command: 'COMPACT',
  status,
  startTime: startedHoursAgo === null ? null : new Date(now.getTime() - startedHoursAgo * HOUR),
  stopTime: stoppedHoursAgo === null ? null : new Date(now.getTime() - stoppedHoursAgo * HOUR),
});

describe('countJobs: what the Home tab shows for a space', () => {
  it('counts every job running now, and FAILED / STOPPED jobs that started in the last day', () => {
    const jobs = [
      job(1, 'RUNNING', 1),
      job(2, 'RUNNING', 72), // started three days ago, still running: counted
      job(3, 'FAILED', 2, 1),
      job(4, 'FAILED', 23.9, 23),
      job(5, 'FAILED', 25, 1), // started before the window, even though it stopped inside it
      job(6, 'STOPPED', 0.5, 0.1),
      job(7, 'STOPPED', 48, 47),
      job(8, 'FINISHED', 1, 0.5),
      job(9, 'QUEUE', null),
    ];
    expect(countJobs(jobs, now)).toEqual({ running: 2, failed: 2, stopped: 1 });
  });

  it('counts running jobs past their expected time by the stuck rule, given one', () => {
    const history = new Map([['COMPACT', [1, 1, 1, 1, 1].map((h, i) => ({ jobId: 100 + i, command: 'COMPACT', startedAt: i, durationMs: h * HOUR }))]]);
    const judge = new StuckRule(DEFAULT_STUCK_SETTINGS, { runsOf: () => history });
    const jobs = [job(1, 'RUNNING', 4), job(2, 'QUEUE', null), job(3, 'FAILED', 2, 1)];
    // COMPACT takes 1h here: stuck past 3h.
    expect(countJobs(jobs, now, { judge, ref: { cluster: 'default', space: 'nba' } })).toEqual({ running: 1, failed: 1, stopped: 0, stuck: 1 });
    expect(countJobs([job(1, 'RUNNING', 2)], now, { judge, ref: { cluster: 'default', space: 'nba' } }).stuck).toBe(0);
  });

  it('leaves the stuck count out without a stuck rule', () => {
    expect(countJobs([], now)).toEqual({ running: 0, failed: 0, stopped: 0 });
    expect('stuck' in countJobs([job(1, 'RUNNING', 100)], now)).toBe(false);
  });
});
