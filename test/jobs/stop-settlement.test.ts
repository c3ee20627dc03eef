import type { JobDetail, JobTask } from '../../src/jobs/job';
import { judgeStop, judgeStopUnread, STOP_FOLLOW_MS, STOP_STALL_MS, shouldFollowStop, tasksAtWork } from '../../src/jobs/stop-settlement';

const stoppedAt = new Date('2024-06-10T12:00:00Z');
const at = (ms: number): Date => new Date(stoppedAt.getTime() + ms);
const state = (warnedAt: Date | null = null) => ({ stoppedAt, warnedAt, until: at(STOP_FOLLOW_MS) });

const task = (taskId: string, status: string, host = `storaged${taskId}`): JobTask => ({ taskId, host, status, startTime: stoppedAt, stopTime: null, errorCode: null });

function detail(status: string, tasks: JobTask[], errorCode: string | null = 'E_JOB_SUBMITTED'): JobDetail {
  return {
    job: { id: 7, command: 'STATS', status, startTime: stoppedAt, stopTime: stoppedAt },
    errorCode,
    layout: 'storage',
    tasks,
    summary: { total: tasks.length, succeeded: 0, failed: 0, inProgress: tasks.filter((t) => t.status === 'RUNNING').length },
  };
}

describe('following a stop until its tasks settle', () => {
  it('is settled once the job is STOPPED and no task is at work', () => {
    expect(judgeStop(detail('STOPPED', [task('0', 'FINISHED'), task('1', 'FAILED')]), state(), at(10_000))).toEqual({ kind: 'end', outcome: { kind: 'settled', tasks: 2 } });
    expect(judgeStop(detail('STOPPED', []), state(), at(0))).toEqual({ kind: 'end', outcome: { kind: 'settled', tasks: 0 } });
  });

  it('counts balance tasks IN_PROGRESS and the summary row as work', () => {
    const balance: JobDetail = { ...detail('STOPPED', [task('7, 1:1', 'IN_PROGRESS', 'a:1->b:1')]), layout: 'balance' };
    expect(tasksAtWork(balance)).toBe(1);
    expect(tasksAtWork({ ...detail('STOPPED', []), summary: { total: 3, succeeded: 0, failed: 0, inProgress: 3 } })).toBe(3);
  });

  it('tells apart storaged reporting the cancel, a finish anyway, another failure, a recovery and an expiry', () => {
    expect(judgeStop(detail('FAILED', [task('0', 'FAILED')], 'E_USER_CANCEL'), state(), at(1))).toEqual({ kind: 'end', outcome: { kind: 'cancel-reported' } });
    expect(judgeStop(detail('FAILED', [], 'E_RPC_FAILURE'), state(), at(1))).toEqual({ kind: 'end', outcome: { kind: 'failed', errorCode: 'E_RPC_FAILURE' } });
    expect(judgeStop(detail('FINISHED', [task('0', 'FINISHED')]), state(), at(1))).toEqual({ kind: 'end', outcome: { kind: 'finished' } });
    expect(judgeStop(detail('QUEUE', []), state(), at(1))).toEqual({ kind: 'end', outcome: { kind: 'moved-on', status: 'QUEUE' } });
    expect(judgeStop(null, state(), at(1))).toEqual({ kind: 'end', outcome: { kind: 'gone' } });
  });

  it('says "still running" once, after the stall time, naming the hosts at work', () => {
    const running = detail('STOPPED', [task('0', 'FINISHED'), task('1', 'RUNNING'), task('2', 'RUNNING')]);
    expect(judgeStop(running, state(), at(STOP_STALL_MS - 1))).toEqual({ kind: 'wait' });
    expect(judgeStop(running, state(), at(STOP_STALL_MS))).toEqual({
      kind: 'still-running',
      afterMs: STOP_STALL_MS,
      atWork: 2,
      total: 3,
      hosts: ['storaged1', 'storaged2'],
      until: at(STOP_FOLLOW_MS).getTime(),
    });
    expect(judgeStop(running, state(at(STOP_STALL_MS)), at(STOP_STALL_MS + 60_000))).toEqual({ kind: 'wait' });
  });

  it('gives up at the end of the follow, also when graphd cannot be read', () => {
    const running = detail('STOPPED', [task('0', 'RUNNING')]);
    expect(judgeStop(running, state(at(STOP_STALL_MS)), at(STOP_FOLLOW_MS))).toEqual({ kind: 'end', outcome: { kind: 'gave-up', afterMs: STOP_FOLLOW_MS, atWork: 1 } });
    expect(judgeStopUnread(state(), at(STOP_FOLLOW_MS - 1))).toEqual({ kind: 'wait' });
    expect(judgeStopUnread(state(), at(STOP_FOLLOW_MS))).toEqual({ kind: 'end', outcome: { kind: 'gave-up', afterMs: STOP_FOLLOW_MS, atWork: null } });
    // The end wins over the deadline: a settled job is told as settled.
    expect(judgeStop(detail('STOPPED', []), state(), at(STOP_FOLLOW_MS + 1)).kind).toBe('end');
  });

  it('follows a stop that was carried out, or that may have been and shows STOPPED', () => {
    const job = { id: 7, command: 'STATS', status: 'RUNNING', startTime: stoppedAt, stopTime: null };
    const stopped = { ...job, status: 'STOPPED' };
    expect(shouldFollowStop({ result: 'executed', before: job, after: stopped })).toBe(true);
    expect(shouldFollowStop({ result: 'outcome-unknown', reason: 'timeout', before: job, after: stopped })).toBe(true);
    expect(shouldFollowStop({ result: 'outcome-unknown', reason: 'timeout', before: job, after: job })).toBe(false);
    expect(shouldFollowStop({ result: 'refused', reason: 'finished', before: job })).toBe(false);
    expect(shouldFollowStop({ result: 'refused-by-server', reason: 'no', before: job, after: job })).toBe(false);
  });
});
