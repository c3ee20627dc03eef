import { toInstant, toJobDetail, toJobs, toRecoveredCount, toSpaceNames } from '../../src/nebula/results';

// Shapes as nebula-nodejs 3.0.3 parses them (../shared/nebula-graphd-jobs.md §8), including the
// stray own keys `read`/`write` the parser leaves on objects.
const dt = (year: number, month: number, day: number, hour: number, minute: number, sec: number) => ({
  year, month, day, hour, minute, sec, microsec: 0, read: undefined, write: undefined,
});

describe('toInstant', () => {
  it('reads DateTime fields as UTC', () => {
    expect(toInstant(dt(2024, 5, 31, 23, 0, 5))?.toISOString()).toBe('2024-05-31T23:00:05.000Z');
  });

  it('treats EMPTY (null), NULL (0) and junk as no time', () => {
    expect(toInstant(null)).toBeNull();
    expect(toInstant(0)).toBeNull();
    expect(toInstant('__EMPTY__')).toBeNull();
    expect(toInstant(undefined)).toBeNull();
  });

  it('reads the string times of graphd 3.0–3.3 balance rows', () => {
    expect(toInstant('2024-05-31T10:00:00.000000')?.toISOString()).toBe('2024-05-31T10:00:00.000Z');
  });
});

describe('toJobs', () => {
  it('turns column-major SHOW JOBS data into rows', () => {
    const jobs = toJobs({
      'Job Id': [13, 12],
      Command: ['STATS', 'FLUSH'],
      Status: ['QUEUE', 'RUNNING'],
      'Start Time': [null, dt(2024, 5, 31, 23, 0, 0)],
      'Stop Time': [null, null],
    });
    expect(jobs).toEqual([
      { id: 13, command: 'STATS', status: 'QUEUE', startTime: null, stopTime: null },
      { id: 12, command: 'FLUSH', status: 'RUNNING', startTime: new Date('2024-05-31T23:00:00Z'), stopTime: null },
    ]);
  });

  it('reads an empty space and a missing table as no jobs', () => {
    expect(toJobs({ 'Job Id': [], Command: [], Status: [], 'Start Time': [], 'Stop Time': [] })).toEqual([]);
    expect(toJobs(null)).toEqual([]);
  });

  it('refuses a table without the expected columns', () => {
    expect(() => toJobs({ Name: ['x'] })).toThrow(/does not understand/);
  });
});

describe('toJobDetail', () => {
  it('splits the job row, task rows and the summary row of a storage job', () => {
    const detail = toJobDetail({
      'Job Id(TaskId)': [11, 0, 1, 'Total:2'],
      'Command(Dest)': ['STATS', 'storaged0', 'storaged1', 'Succeeded:1'],
      Status: ['FAILED', 'FINISHED', 'FAILED', 'Failed:1'],
      'Start Time': [dt(2024, 6, 1, 10, 0, 0), dt(2024, 6, 1, 10, 0, 0), dt(2024, 6, 1, 10, 0, 1), 'In Progress:0'],
      'Stop Time': [dt(2024, 6, 1, 10, 5, 0), dt(2024, 6, 1, 10, 4, 0), dt(2024, 6, 1, 10, 5, 0), ''],
      'Error Code': ['E_TASK_EXECUTION_FAILED', 'E_TASK_EXECUTION_FAILED', 'E_TASK_EXECUTION_FAILED', ''],
    });
    expect(detail.layout).toBe('storage');
    expect(detail.job).toMatchObject({ id: 11, command: 'STATS', status: 'FAILED' });
    expect(detail.errorCode).toBe('E_TASK_EXECUTION_FAILED');
    expect(detail.tasks).toHaveLength(2);
    expect(detail.tasks[1]).toMatchObject({ taskId: '1', host: 'storaged1', status: 'FAILED' });
    expect(detail.summary).toEqual({ total: 2, succeeded: 1, failed: 1, inProgress: 0 });
  });

  it('reads the balance layout and its Invalid count', () => {
    const detail = toJobDetail({
      'Job Id(spaceId:partId)': [30, '30, 1:1', 'Total:1'],
      'Command(src->dst)': ['DATA_BALANCE', 'h1:9779->h2:9779', 'Succeeded:0'],
      Status: ['STOPPED', 'IN_PROGRESS', 'Failed:0'],
      'Start Time': [dt(2024, 6, 1, 10, 0, 0), dt(2024, 6, 1, 10, 0, 0), 'In Progress:1'],
      'Stop Time': [dt(2024, 6, 1, 10, 5, 0), null, 'Invalid:0'],
      'Error Code': ['E_JOB_SUBMITTED', '', ''],
    });
    expect(detail.layout).toBe('balance');
    expect(detail.tasks).toEqual([
      { taskId: '30, 1:1', host: 'h1:9779->h2:9779', status: 'IN_PROGRESS', startTime: new Date('2024-06-01T10:00:00Z'), stopTime: null, errorCode: null },
    ]);
    expect(detail.summary).toEqual({ total: 1, succeeded: 0, failed: 0, inProgress: 1, invalid: 0 });
  });

  it('reads graphd 3.0 output: no Error Code column, no summary row', () => {
    const detail = toJobDetail({
      'Job Id(TaskId)': [5, 0],
      'Command(Dest)': ['COMPACT', 'storaged0'],
      Status: ['FINISHED', 'FINISHED'],
      'Start Time': [dt(2024, 6, 1, 10, 0, 0), dt(2024, 6, 1, 10, 0, 0)],
      'Stop Time': [dt(2024, 6, 1, 10, 5, 0), dt(2024, 6, 1, 10, 5, 0)],
    });
    expect(detail.errorCode).toBeNull();
    expect(detail.summary).toBeNull();
    expect(detail.tasks).toHaveLength(1);
  });
});

describe('small results', () => {
  it('reads space names and recovered counts', () => {
    expect(toSpaceNames({ Name: ['a', 'b'] })).toEqual(['a', 'b']);
    expect(toRecoveredCount({ 'Recovered job num': [1] })).toBe(1);
    expect(toRecoveredCount({ 'Recovered job num': ['5 job recovered'] })).toBe(5);
    expect(() => toRecoveredCount(null)).toThrow();
  });
});
