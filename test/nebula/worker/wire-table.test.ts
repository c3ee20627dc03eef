import type { Table } from '../../../src/nebula/client/package-facade';
import { decodeTable, encodeTable, type WireTable } from '../../../src/nebula/worker/wire-table';

/** Across a thread, as postMessage copies it. */
const crossed = (table: Table): Table => decodeTable(structuredClone(encodeTable(table)) as WireTable);

describe('wire table', () => {
  it('carries a SHOW JOBS table across unchanged, EMPTY times as null', () => {
    const table: Table = {
      columns: ['Job Id', 'Command', 'Status', 'Start Time', 'Stop Time'],
      rows: [
        [12, 'COMPACT', 'FINISHED', new Date('2024-05-31T10:00:00.250Z'), new Date('2024-05-31T10:05:00Z')],
        [11, 'STATS', 'RUNNING', new Date('2024-05-31T09:00:00Z'), null],
        [10, 'COMPACT', 'QUEUE', null, null],
      ],
    };
    const back = crossed(table);
    expect(back).toEqual(table);
    expect(back.rows[0][3]).toBeInstanceOf(Date);
  });

  it('sends numbers and times as typed columns and each distinct string once', () => {
    const wire = encodeTable({
      columns: ['Id', 'Status', 'At'],
      rows: [
        [1, 'FAILED', null],
        [2, 'FAILED', new Date(5)],
        [3, 'FINISHED', null],
      ],
    });
    expect(wire.cells.map((c) => c.kind)).toEqual(['number', 'string', 'date']);
    expect(wire.cells[1]).toMatchObject({ dictionary: ['FAILED', 'FINISHED'] });
  });

  it('keeps columns of mixed values as they are (SHOW JOB with its summary row)', () => {
    const table: Table = {
      columns: ['Job Id(TaskId)', 'Command(Dest)', 'Status', 'Start Time', 'Stop Time', 'Error Code'],
      rows: [
        [3, 'COMPACT', 'FINISHED', new Date(1000), new Date(2000), 'SUCCEEDED'],
        [0, 'storaged0:9779', 'FINISHED', new Date(1000), new Date(2000), 'SUCCEEDED'],
        ['Total:1', 'Succeeded:1', 'Failed:0', 'In Progress:0', '', ''],
      ],
    };
    const wire = encodeTable(table);
    expect(wire.cells.map((c) => c.kind)).toEqual(['any', 'string', 'string', 'any', 'any', 'string']);
    expect(crossed(table)).toEqual(table);
  });

  it('keeps NaN, booleans, a column of nulls and an empty table', () => {
    const table: Table = {
      columns: ['n', 'b', 'none'],
      rows: [
        [Number.NaN, true, null],
        [1.5, false, null],
      ],
    };
    expect(crossed(table)).toEqual(table);
    expect(crossed({ columns: ['Name'], rows: [] })).toEqual({ columns: ['Name'], rows: [] });
    expect(crossed({ columns: [], rows: [[], []] })).toEqual({ columns: [], rows: [[], []] });
  });

  it('an invalid Date is not taken for EMPTY', () => {
    const table: Table = { columns: ['At'], rows: [[new Date(Number.NaN)], [null]] };
    const back = crossed(table);
    // Copied as it is, so under jest it comes from the outer realm: not instanceof this Date.
    expect(Object.prototype.toString.call(back.rows[0][0])).toBe('[object Date]');
    expect(back.rows[1][0]).toBeNull();
  });
});
