import { Job } from '../../src/jobs/job';
import { availableActions, recoverVerdict, stopVerdict } from '../../src/jobs/rules';

const now = new Date('2024-06-10T12:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
const job = (id: number, command: string, status: string, startedHoursAgo: number | null = 1): Job => ({
  id,
  command,
  status,
  startTime: startedHoursAgo === null ? null : hoursAgo(startedHoursAgo),
  stopTime: null,
});

describe('stopVerdict (graphd 3.4–3.8 STOP JOB rules)', () => {
  it.each([
    ['QUEUE', 'COMPACT', true, ''],
    ['RUNNING', 'STATS', true, ''],
    ['RUNNING', 'REBUILD_TAG_INDEX', true, ''],
    ['RUNNING', 'REBUILD_EDGE_INDEX', true, ''],
    ['RUNNING', 'DATA_BALANCE', true, ''],
    ['RUNNING', 'COMPACT', false, 'COMPACT jobs cannot be stopped while running'],
    ['RUNNING', 'FLUSH', false, 'FLUSH jobs cannot be stopped while running'],
    ['RUNNING', 'LEADER_BALANCE', false, 'cannot be stopped while running'],
    ['RUNNING', 'REBUILD_FULLTEXT_INDEX', false, 'cannot be stopped while running'],
    ['STOPPED', 'STATS', false, 'already stopped'],
    ['FINISHED', 'STATS', false, 'A finished job cannot be stopped'],
    ['FAILED', 'STATS', false, 'A failed job cannot be stopped'],
    ['FAILED', 'DATA_BALANCE', true, ''],
  ])('%s %s → allowed %p', (status, command, allowed, reason) => {
    const verdict = stopVerdict(job(1, command, status));
    expect(verdict.allowed).toBe(allowed);
    if (!verdict.allowed) expect(verdict.reason).toContain(reason);
  });
});

describe('recoverVerdict (graphd 3.4–3.8 RECOVER JOB rules)', () => {
  it.each([
    ['FAILED', true, ''],
    ['STOPPED', true, ''],
    ['FINISHED', false, 'A finished job cannot be recovered'],
    ['QUEUE', false, 'only FAILED or STOPPED'],
    ['RUNNING', false, 'only FAILED or STOPPED'],
  ])('%s → allowed %p', (status, allowed, reason) => {
    const verdict = recoverVerdict(job(5, 'STATS', status), [], now);
    expect(verdict.allowed).toBe(allowed);
    if (!verdict.allowed) expect(verdict.reason).toContain(reason);
  });

  it('refuses an expired job (started more than 7 days ago)', () => {
    expect(recoverVerdict(job(5, 'STATS', 'FAILED', 24 * 7 + 1), [], now)).toMatchObject({ allowed: false, reason: expect.stringContaining('expired') });
    expect(recoverVerdict(job(5, 'STATS', 'FAILED', 24 * 7 - 1), [], now).allowed).toBe(true);
  });

  it('allows only the latest BALANCE DATA job, and not once a newer one finished', () => {
    const older = job(10, 'DATA_BALANCE', 'STOPPED');
    const newer = job(20, 'DATA_BALANCE', 'STOPPED');
    expect(recoverVerdict(older, [older, newer], now)).toMatchObject({ allowed: false, reason: 'Only the latest BALANCE DATA job can be recovered.' });
    expect(recoverVerdict(newer, [older, newer], now).allowed).toBe(true);
    const finished = job(30, 'DATA_BALANCE', 'FINISHED');
    expect(recoverVerdict(newer, [older, newer, finished], now)).toMatchObject({ allowed: false, reason: expect.stringContaining('newer one has finished') });
  });

  it('refuses when a job of the same kind is queued or running (graphd would skip it)', () => {
    const failed = job(10, 'COMPACT', 'FAILED');
    const running = job(11, 'COMPACT', 'RUNNING');
    expect(recoverVerdict(failed, [failed, running], now)).toMatchObject({ allowed: false, reason: expect.stringContaining('already running') });
    // Index rebuilds carry parameters we cannot see: leave the decision to graphd.
    const rebuild = job(12, 'REBUILD_TAG_INDEX', 'FAILED');
    expect(recoverVerdict(rebuild, [rebuild, job(13, 'REBUILD_TAG_INDEX', 'RUNNING')], now).allowed).toBe(true);
  });
});

describe('availableActions', () => {
  it('offers stop, recover, both or neither', () => {
    expect(availableActions(job(1, 'STATS', 'RUNNING'), [], now)).toEqual(['stop']);
    expect(availableActions(job(1, 'STATS', 'FAILED'), [], now)).toEqual(['recover']);
    expect(availableActions(job(1, 'DATA_BALANCE', 'FAILED'), [], now)).toEqual(['stop', 'recover']);
    expect(availableActions(job(1, 'COMPACT', 'FINISHED'), [], now)).toEqual([]);
    expect(availableActions(job(1, 'COMPACT', 'RUNNING'), [], now)).toEqual([]);
  });
});
