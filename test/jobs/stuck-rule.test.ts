import type { Job } from '../../src/jobs/job';
import {
  DEFAULT_STUCK_SETTINGS,
  expectationFor,
  isQueueAlertDue,
  judgeSpace,
  parseStuckAfter,
  percentile,
  type RunRecord,
  StuckRule,
  type StuckSettings,
  usualOf,
} from '../../src/jobs/stuck-rule';

const MIN = 60_000;
const HOUR = 60 * MIN;
const now = new Date('2024-06-10T12:00:00Z');

const runs = (command: string, minutes: number[]): RunRecord[] =>
  minutes.map((m, i) => ({ jobId: 100 + i, command, startedAt: now.getTime() - (i + 1) * 24 * HOUR, durationMs: m * MIN }));

const job = (id: number, command: string, status: string, runningForMs: number | null = null): Job => ({
  id,
  command,
  status,
  startTime: runningForMs === null ? null : new Date(now.getTime() - runningForMs),
  stopTime: null,
});

const settings = (over: Partial<StuckSettings> = {}): StuckSettings => ({ ...DEFAULT_STUCK_SETTINGS, ...over });

describe('percentile and usual durations', () => {
  it.each([
    [[5], 0.9, 5],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9, 9],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.1, 1],
    [[1, 2, 3], 0.9, 3],
    [[1, 2, 3], 0.1, 1],
  ])('nearest rank of %j at %p is %p', (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });

  it('gives the 10th to the 90th percentile of the kept runs, and nothing without runs', () => {
    expect(usualOf(runs('COMPACT', [70, 40, 55, 60, 45, 50, 65, 42, 48, 52]))).toEqual({ lowMs: 40 * MIN, highMs: 65 * MIN, runs: 10 });
    expect(usualOf([])).toBeNull();
    expect(usualOf(undefined)).toBeNull();
  });
});

describe('expectationFor: the setting for the kind, else history, else the fallback', () => {
  const five = runs('COMPACT', [40, 50, 60, 70, 30]);
  it.each<[string, RunRecord[] | undefined, StuckSettings, { limitMs: number | null; basis: string }]>([
    ['no history, default fallback', undefined, settings(), { limitMs: 6 * HOUR, basis: 'default' }],
    ['too few runs: fallback', runs('COMPACT', [40, 50, 60, 70]), settings({ fallbackMs: 2 * HOUR }), { limitMs: 2 * HOUR, basis: 'default' }],
    ['five runs: 3 × p90', five, settings(), { limitMs: 3 * 70 * MIN, basis: 'history' }],
    ['short runs: the 30m floor', runs('COMPACT', [1, 2, 2, 3, 1]), settings(), { limitMs: 30 * MIN, basis: 'history' }],
    ["the kind's setting wins over history", five, settings({ kinds: { COMPACT: HOUR } }), { limitMs: HOUR, basis: 'setting' }],
    ['a kind set off is never stuck', five, settings({ kinds: { COMPACT: null } }), { limitMs: null, basis: 'setting' }],
    ['no fallback and no history: never stuck', undefined, settings({ fallbackMs: null }), { limitMs: null, basis: 'default' }],
    ["another kind's setting does not apply", five, settings({ kinds: { STATS: MIN } }), { limitMs: 210 * MIN, basis: 'history' }],
  ])('%s', (_name, history, given, expected) => {
    expect(expectationFor('COMPACT', history, given)).toMatchObject(expected);
  });

  it('keeps the usual durations whatever the limit came from', () => {
    expect(expectationFor('COMPACT', runs('COMPACT', [40]), settings({ kinds: { COMPACT: HOUR } })).usual).toEqual({ lowMs: 40 * MIN, highMs: 40 * MIN, runs: 1 });
  });
});

describe('judgeSpace', () => {
  const history = new Map([['COMPACT', runs('COMPACT', [40, 50, 60, 70, 30])]]); // limit 3h 30m

  it.each<[string, Job[], number[], number[]]>([
    ['a running job within its limit', [job(1, 'COMPACT', 'RUNNING', 3 * HOUR)], [], []],
    ['a running job past its limit', [job(1, 'COMPACT', 'RUNNING', 4 * HOUR)], [1], []],
    ['exactly at the limit is not past it', [job(1, 'COMPACT', 'RUNNING', 210 * MIN)], [], []],
    ['a kind without history: the 6h fallback', [job(1, 'STATS', 'RUNNING', 5 * HOUR), job(2, 'FLUSH', 'RUNNING', 7 * HOUR)], [2], []],
    ['queued jobs wait behind a stuck one', [job(3, 'STATS', 'QUEUE'), job(2, 'FLUSH', 'QUEUE'), job(1, 'COMPACT', 'RUNNING', 5 * HOUR)], [1], [2, 3]],
    ['queued jobs behind a healthy one are not blocked', [job(2, 'STATS', 'QUEUE'), job(1, 'COMPACT', 'RUNNING', HOUR)], [], []],
    ['ended jobs are never stuck', [job(1, 'COMPACT', 'FINISHED', 9 * HOUR), job(2, 'COMPACT', 'FAILED', 9 * HOUR)], [], []],
    ['a running job without a start time is not judged', [job(1, 'COMPACT', 'RUNNING')], [], []],
  ])('%s', (_name, jobs, running, queued) => {
    const judged = judgeSpace(jobs, history, DEFAULT_STUCK_SETTINGS, now);
    expect(judged.running.map((r) => r.job.id)).toEqual(running);
    expect(judged.queued.map((q) => q.job.id)).toEqual(queued);
  });

  it('names the waiting jobs on the blocker and measures each wait from its first sight', () => {
    const since = new Map([
      [2, now.getTime() - 40 * MIN],
      [3, now.getTime() - 10 * MIN],
    ]);
    const judged = judgeSpace(
      [job(3, 'STATS', 'QUEUE'), job(2, 'FLUSH', 'QUEUE'), job(1, 'COMPACT', 'RUNNING', 5 * HOUR)],
      history,
      DEFAULT_STUCK_SETTINGS,
      now,
      (id) => since.get(id) ?? null,
    );
    expect(judged.running[0]).toMatchObject({ forMs: 5 * HOUR, expectation: { limitMs: 210 * MIN, basis: 'history', usual: { lowMs: 30 * MIN, highMs: 70 * MIN, runs: 5 } } });
    expect(judged.running[0].waiting.map((j) => j.id)).toEqual([2, 3]);
    expect(judged.queued.map((q) => [q.job.id, q.forMs, isQueueAlertDue(q, DEFAULT_STUCK_SETTINGS)])).toEqual([
      [2, 40 * MIN, true],
      [3, 10 * MIN, false],
    ]);
  });

  it('does not alert a queued wait it cannot measure', () => {
    const judged = judgeSpace([job(2, 'FLUSH', 'QUEUE'), job(1, 'COMPACT', 'RUNNING', 5 * HOUR)], history, DEFAULT_STUCK_SETTINGS, now);
    expect(judged.queued[0].forMs).toBeNull();
    expect(isQueueAlertDue(judged.queued[0], DEFAULT_STUCK_SETTINGS)).toBe(false);
  });
});

describe('StuckRule', () => {
  it("reads a space's runs only when a job runs there", () => {
    const reads: string[] = [];
    const rule = new StuckRule(DEFAULT_STUCK_SETTINGS, { runsOf: (ref) => (reads.push(ref.space), new Map()) });
    expect(rule.judge({ cluster: 'default', space: 'idle' }, [job(1, 'COMPACT', 'FINISHED', HOUR)], now).running).toEqual([]);
    expect(rule.judge({ cluster: 'default', space: 'busy' }, [job(1, 'COMPACT', 'RUNNING', 7 * HOUR)], now).running).toHaveLength(1);
    expect(reads).toEqual(['busy']);
  });
});

describe('parseStuckAfter', () => {
  it.each<[string, ReturnType<typeof parseStuckAfter>]>([
    ['COMPACT=6h,STATS=30m,*=2h', { ok: true, kinds: { COMPACT: 6 * HOUR, STATS: 30 * MIN }, fallbackMs: 2 * HOUR }],
    [' rebuild_tag_index = 1d ', { ok: true, kinds: { REBUILD_TAG_INDEX: 24 * HOUR } }],
    ['ZONE_BALANCE=2w', { ok: true, kinds: { DATA_BALANCE: 14 * 24 * HOUR } }],
    ['*=off,LEADER_BALANCE=OFF', { ok: true, kinds: { LEADER_BALANCE: null }, fallbackMs: null }],
    ['COMPACT', { ok: false }],
    ['COMPACT=soon', { ok: false }],
    ['COMPACT=6h,compact=1h', { ok: false }],
    ['', { ok: false }],
    ['COMPACT=6h,', { ok: false }],
    ['COM PACT=6h', { ok: false }],
  ])('%j', (text, expected) => {
    expect(parseStuckAfter(text)).toEqual(expected);
  });
});
