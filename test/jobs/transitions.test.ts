import type { Job } from '../../src/jobs/job';
import { diffSpace, isAlertable, type JobSnapshot, snapshotOf } from '../../src/jobs/transitions';

const at = (minute: number) => new Date(Date.UTC(2024, 5, 1, 10, minute));
const job = (id: number, status: string, start: number | null, stop: number | null = null): Job => ({
  id,
  command: 'STATS',
  status,
  startTime: start === null ? null : at(start),
  stopTime: stop === null ? null : at(stop),
});
const memory = (...jobs: Job[]): Map<number, JobSnapshot> => new Map(jobs.map((j) => [j.id, snapshotOf(j)]));

describe('diffSpace', () => {
  it('writes nothing when nothing changed', () => {
    const jobs = [job(1, 'RUNNING', 0), job(2, 'FINISHED', 0, 5)];
    expect(diffSpace(memory(...jobs), jobs)).toEqual({ upserts: [], removed: [], transitions: [] });
  });

  it('reports new jobs, status changes and expired jobs', () => {
    const diff = diffSpace(memory(job(1, 'RUNNING', 0), job(2, 'FINISHED', 0, 5)), [job(1, 'FAILED', 0, 9), job(3, 'FAILED', 8, 9)]);
    expect(diff.transitions.map((t) => [t.job.id, t.from, t.to])).toEqual([
      [1, 'RUNNING', 'FAILED'],
      [3, null, 'FAILED'],
    ]);
    expect(diff.upserts.map((s) => s.id)).toEqual([1, 3]);
    expect(diff.removed).toEqual([2]);
  });

  it('sees a job that failed again between two polls by its new stop time', () => {
    const diff = diffSpace(memory(job(1, 'FAILED', 0, 5)), [job(1, 'FAILED', 0, 20)]);
    expect(diff.transitions.map((t) => [t.from, t.to])).toEqual([['FAILED', 'FAILED']]);
    expect(isAlertable(diff.transitions[0])).toBe(true);
  });

  it('records a stop-time refresh of a stopped job without a transition', () => {
    const diff = diffSpace(memory(job(1, 'STOPPED', 0, 5)), [job(1, 'STOPPED', 0, 7)]);
    expect(diff.transitions).toEqual([]);
    expect(diff.upserts).toHaveLength(1);
  });
});

describe('isAlertable', () => {
  it.each([
    [null, 'FAILED', true],
    [null, 'STOPPED', true],
    ['RUNNING', 'FAILED', true],
    ['QUEUE', 'STOPPED', true],
    ['STOPPED', 'FAILED', true],
    ['RUNNING', 'FINISHED', false],
    ['FAILED', 'QUEUE', false],
    [null, 'RUNNING', false],
  ])('%p → %p: %p', (from, to, expected) => {
    expect(isAlertable({ job: job(1, to as string, 0), from: from as string | null, to: to as string })).toBe(expected);
  });
});
