import { type RawResponse, toTable } from '../../../src/nebula/client/package-facade';
import { toJobs } from '../../../src/nebula/results';

/** A common.Value as the package's thrift decoder leaves it: every member present, the unset ones null. */
const value = (set: Record<string, unknown>) => ({ nVal: null, bVal: null, iVal: null, fVal: null, sVal: null, dtVal: null, ...set });
const dateTime = (year: number, month: number, day: number, hour: number, minute: number, sec: number, microsec = 0) => ({
  dtVal: { year, month, day, hour, minute, sec, microsec },
});

function response(rows: Array<Array<Record<string, unknown>>>): RawResponse {
  return {
    error_code: 0,
    data: {
      column_names: [Buffer.from('Job Id'), 'Command', 'Status', 'Start Time', 'Stop Time'],
      rows: rows.map((cells) => ({ values: cells.map(value) })),
    },
  } as RawResponse;
}

describe('toTable', () => {
  it('turns the raw union into plain values, DateTime into the UTC instant it names', () => {
    const table = toTable(
      response([
        [{ iVal: { toNumber: () => 7 } }, { sVal: Buffer.from('COMPACT') }, { sVal: 'FINISHED' }, dateTime(2024, 5, 31, 23, 0, 5, 250_999), dateTime(2024, 6, 1, 0, 1, 2)],
        [{ iVal: 8 }, { sVal: 'STATS' }, { sVal: 'QUEUE' }, {}, {}],
      ]),
    );
    expect(table?.columns).toEqual(['Job Id', 'Command', 'Status', 'Start Time', 'Stop Time']);
    const [first, second] = table?.rows ?? [];
    expect(first.slice(0, 3)).toEqual([7, 'COMPACT', 'FINISHED']);
    expect(first[3]).toBeInstanceOf(Date);
    expect((first[3] as Date).toISOString()).toBe('2024-05-31T23:00:05.250Z');
    expect((first[4] as Date).toISOString()).toBe('2024-06-01T00:01:02.000Z');
    expect(second).toEqual([8, 'STATS', 'QUEUE', null, null]);
  });

  it('a DateTime without its date is no instant', () => {
    const table = toTable(
      response([[{ iVal: 1 }, { sVal: 'STATS' }, { sVal: 'FAILED' }, { dtVal: { year: null, month: null, day: null, hour: 1, minute: 2, sec: 3, microsec: 0 } }, {}]]),
    );
    expect(table?.rows[0][3]).toBeNull();
  });

  it('Dates survive the copy to the main thread and read as the same jobs', () => {
    const table = toTable(response([[{ iVal: 3 }, { sVal: 'FLUSH' }, { sVal: 'RUNNING' }, dateTime(2024, 1, 2, 3, 4, 5), {}]]));
    const [job] = toJobs(structuredClone(table));
    expect(job).toEqual({ id: 3, command: 'FLUSH', status: 'RUNNING', startTime: new Date('2024-01-02T03:04:05Z'), stopTime: null });
  });

  it('an answer without data is no table', () => {
    expect(toTable({ error_code: 0, data: null })).toBeNull();
  });
});
