import { type JobWatch, watchSpace, withRuns } from '../../src/alerts/stuck-watch';
import type { Job } from '../../src/jobs/job';
import { DEFAULT_STUCK_SETTINGS, HISTORY_RUNS, type RunHistory, type RunRecord } from '../../src/jobs/stuck-rule';
import { diffSpace, type JobSnapshot } from '../../src/jobs/transitions';

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.parse('2024-06-10T00:00:00Z');

interface Seen {
  id: number;
  status: string;
  command?: string;
  /** Minutes after T0. */
  start?: number;
  stop?: number;
}

const asJob = (s: Seen): Job => ({
  id: s.id,
  command: s.command ?? 'COMPACT',
  status: s.status,
  startTime: s.start === undefined ? null : new Date(T0 + s.start * MIN),
  stopTime: s.stop === undefined ? null : new Date(T0 + s.stop * MIN),
});

/** What each poll produced: fresh stuck alerts (`running 1`, `queued 2`) and endings (`1 running 420m`). */
interface PollOutcome {
  fresh: string[];
  endings: string[];
  rows: number;
}

/**
 * Polls a space as the poller does (diff, then watch), keeping memory only as a committed poll
 * would: `restartAt` polls start from a copy of what was committed, as a new process would.
 */
function simulate(polls: Array<{ at: number; jobs: Seen[] }>, history: RunHistory = new Map()): PollOutcome[] {
  let known = new Map<number, JobSnapshot>();
  let watch = new Map<number, JobWatch>();
  let runs = history;
  return polls.map(({ at, jobs: seen }, index) => {
    const jobs = seen.map(asJob);
    const diff = diffSpace(known, jobs);
    const step = watchSpace({
      known,
      upserts: diff.upserts,
      removed: diff.removed,
      watch,
      history: runs,
      jobs,
      settings: DEFAULT_STUCK_SETTINGS,
      now: new Date(T0 + at * MIN),
      baseline: index === 0,
    });
    known = new Map(known);
    for (const s of diff.upserts) known.set(s.id, s);
    for (const id of diff.removed) known.delete(id);
    // A restart reads the rows back: nothing but the written rows survives.
    watch = new Map([...step.next].map(([id, w]) => [id, { ...w }]));
    runs = step.history;
    return {
      fresh: step.fresh.map((f) => `${f.kind} ${f.job.id}`),
      endings: [...step.endings].map(([id, e]) => `${id} ${e.kind} ${e.forMs / MIN}m`),
      rows: step.upserts.length + step.removed.length,
    };
  });
}

const compactHistory = (): RunHistory =>
  new Map([['COMPACT', [40, 50, 60, 70, 30].map((m, i): RunRecord => ({ jobId: 900 + i, command: 'COMPACT', startedAt: T0 - (i + 1) * 24 * HOUR, durationMs: m * MIN }))]]);

describe('watchSpace: each stuck run or wait alerted once, its end told once', () => {
  it.each<[string, Array<{ at: number; jobs: Seen[] }>, Array<Partial<PollOutcome>>]>([
    [
      'a run past its limit is alerted once, then its end is told',
      [
        { at: 0, jobs: [{ id: 1, status: 'RUNNING', start: 0 }] },
        { at: 200, jobs: [{ id: 1, status: 'RUNNING', start: 0 }] },
        { at: 211, jobs: [{ id: 1, status: 'RUNNING', start: 0 }] },
        { at: 300, jobs: [{ id: 1, status: 'RUNNING', start: 0 }] },
        { at: 420, jobs: [{ id: 1, status: 'FINISHED', start: 0, stop: 420 }] },
        { at: 430, jobs: [{ id: 1, status: 'FINISHED', start: 0, stop: 420 }] },
      ],
      [
        { fresh: [] },
        { fresh: [], rows: 0 },
        { fresh: ['running 1'], rows: 1 },
        { fresh: [], rows: 0 },
        { fresh: [], endings: ['1 running 420m'], rows: 1 },
        { fresh: [], endings: [], rows: 0 },
      ],
    ],
    [
      'a job already stuck at the baseline is alerted at the next poll, not at the baseline',
      [
        { at: 500, jobs: [{ id: 1, status: 'RUNNING', start: 0 }] },
        { at: 501, jobs: [{ id: 1, status: 'RUNNING', start: 0 }] },
        { at: 502, jobs: [{ id: 1, status: 'RUNNING', start: 0 }] },
      ],
      [{ fresh: [] }, { fresh: ['running 1'] }, { fresh: [] }],
    ],
    [
      'a recovered job that runs again may be alerted again, for its new run',
      [
        { at: 0, jobs: [{ id: 1, status: 'RUNNING', start: 0 }] },
        { at: 300, jobs: [{ id: 1, status: 'RUNNING', start: 0 }] },
        { at: 310, jobs: [{ id: 1, status: 'STOPPED', start: 0, stop: 305 }] },
        { at: 320, jobs: [{ id: 1, status: 'QUEUE', start: 0, stop: 305 }] },
        { at: 330, jobs: [{ id: 1, status: 'RUNNING', start: 325 }] },
        { at: 600, jobs: [{ id: 1, status: 'RUNNING', start: 325 }] },
      ],
      [{ fresh: [] }, { fresh: ['running 1'] }, { endings: ['1 running 305m'] }, { fresh: [], endings: [] }, { fresh: [], endings: [] }, { fresh: ['running 1'] }],
    ],
    [
      'queued jobs behind a stuck one are alerted once each has waited 30m, and told when they start',
      [
        {
          at: 0,
          jobs: [
            { id: 1, status: 'RUNNING', start: 0 },
            { id: 2, status: 'QUEUE' },
          ],
        },
        {
          at: 150,
          jobs: [
            { id: 1, status: 'RUNNING', start: 0 },
            { id: 2, status: 'QUEUE' },
            { id: 3, status: 'QUEUE' },
          ],
        },
        {
          at: 211,
          jobs: [
            { id: 1, status: 'RUNNING', start: 0 },
            { id: 2, status: 'QUEUE' },
            { id: 3, status: 'QUEUE' },
          ],
        },
        {
          at: 215,
          jobs: [
            { id: 1, status: 'RUNNING', start: 0 },
            { id: 2, status: 'QUEUE' },
            { id: 3, status: 'QUEUE' },
            { id: 4, status: 'QUEUE' },
          ],
        },
        {
          at: 246,
          jobs: [
            { id: 1, status: 'RUNNING', start: 0 },
            { id: 2, status: 'QUEUE' },
            { id: 3, status: 'QUEUE' },
            { id: 4, status: 'QUEUE' },
          ],
        },
        {
          at: 250,
          jobs: [
            { id: 1, status: 'FAILED', start: 0, stop: 248 },
            { id: 2, status: 'RUNNING', start: 249 },
            { id: 3, status: 'QUEUE' },
            { id: 4, status: 'QUEUE' },
          ],
        },
      ],
      [
        { fresh: [] },
        { fresh: [] },
        { fresh: ['running 1', 'queued 2', 'queued 3'] },
        { fresh: [] },
        { fresh: ['queued 4'] },
        { fresh: [], endings: ['1 running 248m', '2 queued 250m'] },
      ],
    ],
    [
      'an expired job leaves no row behind',
      [
        { at: 0, jobs: [{ id: 1, status: 'QUEUE' }] },
        { at: 10, jobs: [] },
      ],
      [{ rows: 1 }, { rows: 1, fresh: [] }],
    ],
  ])('%s', (_name, polls, expected) => {
    const outcomes = simulate(polls, compactHistory());
    expected.forEach((want, index) => expect({ poll: index, ...outcomes[index] }).toMatchObject({ poll: index, ...want }));
  });

  it('writes nothing on an idle poll, even with queued jobs and stuck ones already alerted', () => {
    const jobs: Seen[] = [
      { id: 1, status: 'RUNNING', start: 0 },
      { id: 2, status: 'QUEUE' },
    ];
    const outcomes = simulate(
      [0, 300, 301, 302, 303].map((at) => ({ at, jobs })),
      compactHistory(),
    );
    expect(outcomes.map((o) => o.rows)).toEqual([1, 2, 0, 0, 0]);
  });

  it('learns from finished runs: every finished job at the baseline, then each new end', () => {
    const watch = new Map<number, JobWatch>();
    const jobs = [
      asJob({ id: 1, status: 'FINISHED', start: 0, stop: 30 }),
      asJob({ id: 2, status: 'FAILED', start: 40, stop: 50 }),
      asJob({ id: 3, status: 'RUNNING', command: 'STATS', start: 60 }),
    ];
    const base = diffSpace(new Map(), jobs);
    const first = watchSpace({
      known: new Map(),
      upserts: base.upserts,
      removed: [],
      watch,
      history: new Map(),
      jobs,
      settings: DEFAULT_STUCK_SETTINGS,
      now: new Date(T0 + 70 * MIN),
      baseline: true,
    });
    expect(first.runs).toEqual([{ jobId: 1, command: 'COMPACT', startedAt: T0, durationMs: 30 * MIN }]);
    const known = new Map(base.upserts.map((s) => [s.id, s]));
    const later = [jobs[0], jobs[1], asJob({ id: 3, status: 'FINISHED', command: 'STATS', start: 60, stop: 65 })];
    const diff = diffSpace(known, later);
    const second = watchSpace({
      known,
      upserts: diff.upserts,
      removed: [],
      watch,
      history: first.history,
      jobs: later,
      settings: DEFAULT_STUCK_SETTINGS,
      now: new Date(T0 + 80 * MIN),
      baseline: false,
    });
    expect(second.runs.map((r) => [r.jobId, r.durationMs / MIN])).toEqual([[3, 5]]);
    expect([...second.history.keys()].sort()).toEqual(['COMPACT', 'STATS']);
  });
});

describe('withRuns', () => {
  it(`keeps the newest ${HISTORY_RUNS} runs of each kind and reports which new ones stayed`, () => {
    const old = Array.from({ length: HISTORY_RUNS }, (_, i): RunRecord => ({ jobId: i + 1, command: 'FLUSH', startedAt: T0 + i * HOUR, durationMs: MIN }));
    const history = new Map([['FLUSH', old]]);
    const newer: RunRecord = { jobId: 100, command: 'FLUSH', startedAt: T0 + 100 * HOUR, durationMs: 2 * MIN };
    const older: RunRecord = { jobId: 101, command: 'FLUSH', startedAt: T0 - HOUR, durationMs: 2 * MIN };
    const { history: next, kept } = withRuns(history, [newer, older]);
    expect(kept).toEqual([newer]);
    expect(next.get('FLUSH')).toHaveLength(HISTORY_RUNS);
    expect(next.get('FLUSH')?.[0]).toBe(newer);
    expect(history.get('FLUSH')).toHaveLength(HISTORY_RUNS); // the input is left as it was
    expect(withRuns(history, []).history).toBe(history);
  });

  it("replaces a recovered job's earlier run instead of counting it twice", () => {
    const first: RunRecord = { jobId: 7, command: 'STATS', startedAt: T0, durationMs: MIN };
    const again: RunRecord = { jobId: 7, command: 'STATS', startedAt: T0 + HOUR, durationMs: 3 * MIN };
    expect(withRuns(new Map([['STATS', [first]]]), [again]).history.get('STATS')).toEqual([again]);
  });
});
