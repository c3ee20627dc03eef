import { toInstant, toJobDetail, toJobs, toRecoveredCount, toServerVersion, toSpaceNames } from '../../src/nebula/results';

// Tables as the facade hands them over: row-major plain values; DateTime as its UTC fields.
const dt = (year: number, month: number, day: number, hour: number, minute: number, sec: number) => ({ year, month, day, hour, minute, sec, microsec: 0 });
const table = (columns: string[], rows: unknown[][]) => ({ columns, rows });

describe('toInstant', () => {
  it('reads DateTime fields as UTC', () => {
    expect(toInstant(dt(2024, 5, 31, 23, 0, 5))?.toISOString()).toBe('2024-05-31T23:00:05.000Z');
  });

  it('treats EMPTY, NULL and junk as no time', () => {
    expect(toInstant(null)).toBeNull();
    expect(toInstant(0)).toBeNull();
    expect(toInstant('__EMPTY__')).toBeNull();
    expect(toInstant(undefined)).toBeNull();
  });

  it('takes a Date (as the client thread sends DateTime) as it is, from any realm', () => {
    const date = new Date('2024-05-31T23:00:05.250Z');
    expect(toInstant(date)).toBe(date);
    expect(toInstant(structuredClone(date))?.toISOString()).toBe('2024-05-31T23:00:05.250Z');
    expect(toInstant(new Date(Number.NaN))).toBeNull();
  });

  it('reads the string times of graphd 3.0–3.3 balance rows', () => {
    expect(toInstant('2024-05-31T10:00:00.000000')?.toISOString()).toBe('2024-05-31T10:00:00.000Z');
  });
});

const JOB_COLUMNS = ['Job Id', 'Command', 'Status', 'Start Time', 'Stop Time'];
const DETAIL_COLUMNS = ['Job Id(TaskId)', 'Command(Dest)', 'Status', 'Start Time', 'Stop Time', 'Error Code'];

describe('toJobs', () => {
  it('turns SHOW JOBS rows into jobs', () => {
    const jobs = toJobs(
      table(JOB_COLUMNS, [
        [13, 'STATS', 'QUEUE', null, null],
        [12, 'FLUSH', 'RUNNING', dt(2024, 5, 31, 23, 0, 0), null],
      ]),
    );
    expect(jobs).toEqual([
      { id: 13, command: 'STATS', status: 'QUEUE', startTime: null, stopTime: null },
      { id: 12, command: 'FLUSH', status: 'RUNNING', startTime: new Date('2024-05-31T23:00:00Z'), stopTime: null },
    ]);
  });

  it('reads an empty space and a missing table as no jobs', () => {
    expect(toJobs(table(JOB_COLUMNS, []))).toEqual([]);
    expect(toJobs(null)).toEqual([]);
  });

  it('refuses a table without the expected columns', () => {
    expect(() => toJobs(table(['Name'], [['x']]))).toThrow(/does not understand/);
  });
});

describe('toJobDetail', () => {
  it('splits the job row, task rows and the summary row of a storage job', () => {
    const detail = toJobDetail(
      table(DETAIL_COLUMNS, [
        [11, 'STATS', 'FAILED', dt(2024, 6, 1, 10, 0, 0), dt(2024, 6, 1, 10, 5, 0), 'E_TASK_EXECUTION_FAILED'],
        [0, 'storaged0', 'FINISHED', dt(2024, 6, 1, 10, 0, 0), dt(2024, 6, 1, 10, 4, 0), 'E_TASK_EXECUTION_FAILED'],
        [1, 'storaged1', 'FAILED', dt(2024, 6, 1, 10, 0, 1), dt(2024, 6, 1, 10, 5, 0), 'E_TASK_EXECUTION_FAILED'],
        ['Total:2', 'Succeeded:1', 'Failed:1', 'In Progress:0', '', ''],
      ]),
    );
    expect(detail.layout).toBe('storage');
    expect(detail.job).toMatchObject({ id: 11, command: 'STATS', status: 'FAILED' });
    expect(detail.errorCode).toBe('E_TASK_EXECUTION_FAILED');
    expect(detail.tasks).toHaveLength(2);
    expect(detail.tasks[1]).toMatchObject({ taskId: '1', host: 'storaged1', status: 'FAILED' });
    expect(detail.summary).toEqual({ total: 2, succeeded: 1, failed: 1, inProgress: 0 });
  });

  it('reads the balance layout and its Invalid count', () => {
    const detail = toJobDetail(
      table(
        ['Job Id(spaceId:partId)', 'Command(src->dst)', 'Status', 'Start Time', 'Stop Time', 'Error Code'],
        [
          [30, 'DATA_BALANCE', 'STOPPED', dt(2024, 6, 1, 10, 0, 0), dt(2024, 6, 1, 10, 5, 0), 'E_JOB_SUBMITTED'],
          ['30, 1:1', 'h1:9779->h2:9779', 'IN_PROGRESS', dt(2024, 6, 1, 10, 0, 0), null, ''],
          ['Total:1', 'Succeeded:0', 'Failed:0', 'In Progress:1', 'Invalid:0', ''],
        ],
      ),
    );
    expect(detail.layout).toBe('balance');
    expect(detail.tasks).toEqual([
      { taskId: '30, 1:1', host: 'h1:9779->h2:9779', status: 'IN_PROGRESS', startTime: new Date('2024-06-01T10:00:00Z'), stopTime: null, errorCode: null },
    ]);
    expect(detail.summary).toEqual({ total: 1, succeeded: 0, failed: 0, inProgress: 1, invalid: 0 });
  });

  it('reads graphd 3.0 output: no Error Code column, no summary row', () => {
    const detail = toJobDetail(
      table(DETAIL_COLUMNS.slice(0, 5), [
        [5, 'COMPACT', 'FINISHED', dt(2024, 6, 1, 10, 0, 0), dt(2024, 6, 1, 10, 5, 0)],
        [0, 'storaged0', 'FINISHED', dt(2024, 6, 1, 10, 0, 0), dt(2024, 6, 1, 10, 5, 0)],
      ]),
    );
    expect(detail.errorCode).toBeNull();
    expect(detail.summary).toBeNull();
    expect(detail.tasks).toHaveLength(1);
  });
});

describe('small results', () => {
  it('reads space names and recovered counts', () => {
    expect(toSpaceNames(table(['Name'], [['a'], ['b']]))).toEqual(['a', 'b']);
    expect(toRecoveredCount(table(['Recovered job num'], [[1]]))).toBe(1);
    expect(toRecoveredCount(table(['Recovered job num'], [['5 job recovered']]))).toBe(5);
    expect(() => toRecoveredCount(null)).toThrow();
  });
});

describe('toServerVersion (SHOW HOSTS GRAPH)', () => {
  const HOSTS = ['Host', 'Port', 'Status', 'Role', 'Git Info Sha', 'Version'];
  const answering = { host: 'graphd1', port: 9669 };

  it("reads the answering graphd's row", () => {
    const hosts = table(HOSTS, [
      ['graphd0', 9669, 'ONLINE', 'GRAPH', 'fa92893', '3.8.0'],
      ['graphd1', 9669, 'ONLINE', 'GRAPH', 'de9b3ed', '3.6.0'],
    ]);
    expect(toServerVersion(hosts, answering)).toBe('3.6.0');
  });

  it('takes the highest version when the answering graphd is not listed by that name, skipping EMPTY versions', () => {
    const hosts = table(HOSTS, [
      ['10.0.0.1', 9669, 'ONLINE', 'GRAPH', 'de9b3ed', '3.6.0'],
      ['10.0.0.2', 9669, 'ONLINE', 'GRAPH', 'x', '3.10.1'],
      ['10.0.0.3', 9669, 'OFFLINE', 'GRAPH', '', null],
    ]);
    expect(toServerVersion(hosts, answering)).toBe('3.10.1');
  });

  it('knows nothing from an empty or odd answer', () => {
    expect(toServerVersion(null, answering)).toBeNull();
    expect(toServerVersion(table(HOSTS, []), answering)).toBeNull();
    expect(toServerVersion(table(['Host', 'Port'], [['graphd1', 9669]]), answering)).toBeNull();
  });
});
