import { filterJobs, pageOf } from '../../src/jobs/filter';
import type { Job } from '../../src/jobs/job';
import { defaultQuery } from '../../src/jobs/job-query';

const now = new Date('2024-06-10T12:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);

const jobs: Job[] = [
  { id: 10, command: 'COMPACT', status: 'FINISHED', startTime: hoursAgo(2), stopTime: hoursAgo(1) },
  { id: 12, command: 'STATS', status: 'FAILED', startTime: hoursAgo(30), stopTime: hoursAgo(29) },
  { id: 15, command: 'DATA_BALANCE', status: 'STOPPED', startTime: hoursAgo(100), stopTime: hoursAgo(99) },
  { id: 20, command: 'FLUSH', status: 'QUEUE', startTime: null, stopTime: null },
  { id: 18, command: 'REBUILD_TAG_INDEX', status: 'RUNNING', startTime: hoursAgo(0.5), stopTime: null },
];

const ids = (list: Job[]) => list.map((job) => job.id);

describe('filterJobs', () => {
  it('returns every job of the last 7 days newest first by default', () => {
    expect(ids(filterJobs(jobs, defaultQuery(), now))).toEqual([20, 18, 15, 12, 10]);
  });

  it.each([
    [{ statuses: ['FAILED', 'STOPPED'] }, [15, 12]],
    [{ since: '12h' }, [20, 18, 10]],
    [{ since: '1d' }, [20, 18, 10]],
    [{ since: '3d' }, [20, 18, 12, 10]],
    [{ jobId: 12 }, [12]],
    [{ command: 'balance' }, [15]],
    [{ command: 'Rebuild' }, [18]],
    [{ since: '2024-06-06T00:00:00Z', until: '2024-06-09T12:00:00Z' }, [15, 12]],
  ])('filters with %p', (partial, expected) => {
    expect(ids(filterJobs(jobs, { ...defaultQuery(), ...partial } as never, now))).toEqual(expected);
  });

  it('keeps queued jobs out of a window that ended in the past', () => {
    expect(ids(filterJobs(jobs, { ...defaultQuery(), until: '2024-06-10T00:00:00Z' }, now))).toEqual([15, 12]);
  });
});

describe('pageOf', () => {
  const items = Array.from({ length: 25 }, (_, i) => i);

  it('cuts pages of ten and counts them', () => {
    expect(pageOf(items, 0)).toMatchObject({ items: items.slice(0, 10), index: 0, count: 3, total: 25 });
    expect(pageOf(items, 2).items).toEqual([20, 21, 22, 23, 24]);
  });

  it('clamps a page number out of range', () => {
    expect(pageOf(items, 99).index).toBe(2);
    expect(pageOf(items, -3).index).toBe(0);
    expect(pageOf([], 5)).toMatchObject({ items: [], index: 0, count: 1, total: 0 });
  });
});
