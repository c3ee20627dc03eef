import type { Job } from '../../src/jobs/job';
import { availableActions, isAlreadyDone, recoverDeclinedReason, recoverVerdict, stopCaveat, stopVerdict } from '../../src/jobs/rules';

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
    // metad refuses these only while it runs them; an orphaned one (metad restarted) is stopped.
    ['RUNNING', 'COMPACT', true, ''],
    ['RUNNING', 'FLUSH', true, ''],
    ['RUNNING', 'DOWNLOAD', true, ''],
    ['RUNNING', 'INGEST', true, ''],
    ['RUNNING', 'LEADER_BALANCE', true, ''],
    ['RUNNING', 'REBUILD_FULLTEXT_INDEX', true, ''],
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

describe('stopCaveat and isAlreadyDone', () => {
  it.each(['COMPACT', 'FLUSH', 'DOWNLOAD', 'INGEST', 'LEADER_BALANCE', 'REBUILD_FULLTEXT_INDEX'])('warns that graphd will probably refuse to stop a running %s', (command) => {
    expect(stopCaveat(job(1, command, 'RUNNING'))).toBe(
      `NebulaGraph will probably refuse: it cannot stop a ${command} job while metad runs it. If the job is stuck after a metad restart or leader change, STOP is accepted.`,
    );
  });

  it('says nothing where graphd stops the job', () => {
    expect(stopCaveat(job(1, 'STATS', 'RUNNING'))).toBeNull();
    expect(stopCaveat(job(1, 'COMPACT', 'QUEUE'))).toBeNull();
  });

  it('calls a stop of a STOPPED job nothing to do, with its stop time', () => {
    const stopped = { ...job(1, 'STATS', 'STOPPED'), stopTime: new Date('2024-06-10T11:30:00Z') };
    expect(isAlreadyDone('stop', stopped)).toBe(true);
    expect(isAlreadyDone('recover', stopped)).toBe(false);
    expect(isAlreadyDone('stop', job(1, 'STATS', 'FAILED'))).toBe(false);
    expect(stopVerdict(stopped)).toEqual({ allowed: false, reason: 'The job is already stopped (since 2024-06-10 11:30 UTC); nothing to do.' });
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

  it("refuses an unlisted job that expired by the bot's clock and setting (7 days unless told)", () => {
    expect(recoverVerdict(job(5, 'STATS', 'FAILED', 24 * 7 + 1), [], now)).toMatchObject({ allowed: false, reason: expect.stringContaining('started more than 7d ago') });
    expect(recoverVerdict(job(5, 'STATS', 'FAILED', 24 * 7 - 1), [], now).allowed).toBe(true);
    const fortnight = 14 * 24 * 3_600_000;
    expect(recoverVerdict(job(5, 'STATS', 'FAILED', 24 * 10), [], now, fortnight).allowed).toBe(true);
    expect(recoverVerdict(job(5, 'STATS', 'FAILED', 24 * 15), [], now, fortnight)).toMatchObject({ allowed: false, reason: expect.stringContaining('14d') });
  });

  it("lets graphd's listing win: a job SHOW JOBS still lists has not expired on metad's clock", () => {
    const old = job(5, 'STATS', 'FAILED', 24 * 30);
    expect(recoverVerdict(old, [old], now).allowed).toBe(true);
    expect(availableActions(old, [old], now)).toEqual(['recover']);
    // A newer failed balance job that is listed blocks an older one, whatever its age.
    const older = job(10, 'DATA_BALANCE', 'FAILED', 24 * 20);
    const newer = job(20, 'DATA_BALANCE', 'FAILED', 24 * 9);
    expect(recoverVerdict(older, [older, newer], now)).toMatchObject({ allowed: false, reason: 'Only the latest BALANCE DATA job can be recovered.' });
  });

  it('allows only the latest BALANCE DATA job, and not once a newer one finished', () => {
    const older = job(10, 'DATA_BALANCE', 'STOPPED');
    const newer = job(20, 'DATA_BALANCE', 'STOPPED');
    expect(recoverVerdict(older, [older, newer], now)).toMatchObject({ allowed: false, reason: 'Only the latest BALANCE DATA job can be recovered.' });
    expect(recoverVerdict(newer, [older, newer], now).allowed).toBe(true);
    const finished = job(30, 'DATA_BALANCE', 'FINISHED');
    expect(recoverVerdict(newer, [older, newer, finished], now)).toMatchObject({ allowed: false, reason: expect.stringContaining('newer one has finished') });
  });

  it('refuses when a job of the same kind is queued (graphd would skip it), and leaves a running twin to graphd', () => {
    const failed = job(10, 'COMPACT', 'FAILED');
    const queued = job(11, 'COMPACT', 'QUEUE', null);
    expect(recoverVerdict(failed, [failed, queued], now)).toEqual({ allowed: false, reason: 'COMPACT job 11 is already queued in this space; NebulaGraph would skip this one.' });
    // A running twin blocks only while metad runs it; after a metad restart it is orphaned and does not.
    expect(recoverVerdict(failed, [failed, job(12, 'COMPACT', 'RUNNING')], now).allowed).toBe(true);
    // Index rebuilds carry parameters we cannot see: leave the decision to graphd.
    const rebuild = job(12, 'REBUILD_TAG_INDEX', 'FAILED');
    expect(recoverVerdict(rebuild, [rebuild, job(13, 'REBUILD_TAG_INDEX', 'RUNNING')], now).allowed).toBe(true);
  });
});

describe('recoverDeclinedReason (graphd answered RECOVER with 0)', () => {
  const failed = job(10, 'COMPACT', 'FAILED', 24 * 6.5);

  it('says the job has expired when graphd no longer lists it', () => {
    expect(recoverDeclinedReason(failed, [], now, 14 * 24 * 3_600_000)).toBe(
      "the job has expired: NebulaGraph no longer lists it (metad keeps an ended job 14d after it started, measured on metad's clock (--job_expired_secs)). Start a new one instead.",
    );
  });

  it('names a twin that is queued or running', () => {
    expect(recoverDeclinedReason(failed, [failed, job(11, 'COMPACT', 'RUNNING')], now)).toContain('NebulaGraph declined because COMPACT job 11 is running in this space');
  });

  it("otherwise says the job may have expired, as the bot's clock sees its age", () => {
    expect(recoverDeclinedReason(failed, [failed], now)).toBe(
      "NebulaGraph declined; the job may have expired (it started 6d 12h ago by the bot's clock; metad keeps an ended job 7d after it started, measured on metad's clock (--job_expired_secs)).",
    );
    expect(recoverDeclinedReason(failed, null, now)).toContain('may have expired');
  });
});

describe('availableActions', () => {
  it('offers stop, recover, both or neither', () => {
    expect(availableActions(job(1, 'STATS', 'RUNNING'), [], now)).toEqual(['stop']);
    expect(availableActions(job(1, 'STATS', 'FAILED'), [], now)).toEqual(['recover']);
    expect(availableActions(job(1, 'DATA_BALANCE', 'FAILED'), [], now)).toEqual(['stop', 'recover']);
    expect(availableActions(job(1, 'COMPACT', 'FINISHED'), [], now)).toEqual([]);
    expect(availableActions(job(1, 'STATS', 'STOPPED'), [], now)).toEqual(['recover']);
  });

  it('offers Stop on every unfinished job, graphd refusing or not', () => {
    for (const command of ['COMPACT', 'FLUSH', 'DOWNLOAD', 'INGEST', 'LEADER_BALANCE', 'REBUILD_FULLTEXT_INDEX', 'STATS']) {
      expect(availableActions(job(1, command, 'RUNNING'), [], now)).toEqual(['stop']);
      expect(availableActions(job(1, command, 'QUEUE', null), [], now)).toEqual(['stop']);
    }
  });
});
