import type { JobDetail } from '../../src/jobs/job';
import { detailFingerprint, judgeWatch, judgeWatchUnread, WATCH_MAX_MS } from '../../src/jobs/watch-outcome';

const started = new Date('2024-06-10T12:00:00Z');
const at = (ms: number): Date => new Date(started.getTime() + ms);
const state = { startedAt: started, until: at(WATCH_MAX_MS) };

function detail(status: string, stopAfterMs: number | null, errorCode: string | null = null, startTime: Date | null = started): JobDetail {
  return {
    job: { id: 9, command: 'COMPACT', status, startTime, stopTime: stopAfterMs === null ? null : at(stopAfterMs) },
    errorCode,
    layout: 'storage',
    tasks: [{ taskId: '0', host: 'storaged0', status: status === 'RUNNING' ? 'RUNNING' : 'FINISHED', startTime, stopTime: null, errorCode: null }],
    summary: null,
  };
}

describe('a watched job', () => {
  it('is watched while it is queued or running', () => {
    expect(judgeWatch(detail('RUNNING', null), state, at(60_000))).toEqual({ kind: 'wait' });
    expect(judgeWatch(detail('QUEUE', null, null, null), state, at(60_000))).toEqual({ kind: 'wait' });
  });

  it('ends with its outcome and how long it ran', () => {
    expect(judgeWatch(detail('FINISHED', 424_000, 'SUCCEEDED'), state, at(500_000))).toEqual({
      kind: 'end',
      outcome: { kind: 'ended', status: 'FINISHED', durationMs: 424_000, errorCode: null },
    });
    expect(judgeWatch(detail('FAILED', 60_000, 'E_RPC_FAILURE'), state, at(500_000))).toEqual({
      kind: 'end',
      outcome: { kind: 'ended', status: 'FAILED', durationMs: 60_000, errorCode: 'E_RPC_FAILURE' },
    });
    expect(judgeWatch(detail('STOPPED', 5_000, null, null), state, at(500_000))).toEqual({
      kind: 'end',
      outcome: { kind: 'ended', status: 'STOPPED', durationMs: null, errorCode: null },
    });
    expect(judgeWatch(null, state, at(1))).toEqual({ kind: 'end', outcome: { kind: 'gone' } });
  });

  it('lasts a bounded time, also when graphd cannot be read', () => {
    expect(judgeWatch(detail('RUNNING', null), state, at(WATCH_MAX_MS))).toEqual({ kind: 'end', outcome: { kind: 'timed-out', status: 'RUNNING', watchedMs: WATCH_MAX_MS } });
    expect(judgeWatchUnread(state, at(1))).toEqual({ kind: 'wait' });
    expect(judgeWatchUnread(state, at(WATCH_MAX_MS))).toEqual({ kind: 'end', outcome: { kind: 'timed-out', status: null, watchedMs: WATCH_MAX_MS } });
  });

  it('is redrawn when its status or a task changes, not because time passes', () => {
    const running = detail('RUNNING', null);
    expect(detailFingerprint(running)).toBe(detailFingerprint({ ...running }));
    expect(detailFingerprint(running)).not.toBe(detailFingerprint(detail('FINISHED', 10)));
    const taskDone = { ...running, tasks: running.tasks.map((t) => ({ ...t, status: 'FINISHED' })) };
    expect(detailFingerprint(running)).not.toBe(detailFingerprint(taskDone));
  });
});
