import { type BinaryWriter, TType } from './thrift-binary';

/** A common.Value as graphd sends it in job results: EMPTY, an integer, a string or a DateTime. */
export type Cell = null | number | string | { dateTime: number /* unix seconds, UTC */ };

export interface Table {
  columns: string[];
  rows: Cell[][];
}

/** graphd stores job times as unix seconds; 0 means "never set" and is sent as EMPTY. */
export function timeCell(seconds: number): Cell {
  return seconds > 0 ? { dateTime: seconds } : null;
}

function writeDateTime(writer: BinaryWriter, seconds: number): void {
  const d = new Date(seconds * 1000);
  writer
    .field(TType.I16, 1)
    .i16(d.getUTCFullYear())
    .field(TType.BYTE, 2)
    .byte(d.getUTCMonth() + 1)
    .field(TType.BYTE, 3)
    .byte(d.getUTCDate())
    .field(TType.BYTE, 4)
    .byte(d.getUTCHours())
    .field(TType.BYTE, 5)
    .byte(d.getUTCMinutes())
    .field(TType.BYTE, 6)
    .byte(d.getUTCSeconds())
    .field(TType.I32, 7)
    .i32(0)
    .stop();
}

/** Value union: iVal = field 3 (i64), sVal = 5 (binary), dtVal = 8 (DateTime); EMPTY = no field. */
export function writeCell(writer: BinaryWriter, cell: Cell): void {
  if (typeof cell === 'number') writer.field(TType.I64, 3).i64(cell);
  else if (typeof cell === 'string') writer.field(TType.STRING, 5).string(cell);
  else if (cell !== null) {
    writer.field(TType.STRUCT, 8);
    writeDateTime(writer, cell.dateTime);
  }
  writer.stop();
}

/** DataSet { 1: list<binary> column_names, 2: list<Row{1: list<Value>}> rows }. */
export function writeTable(writer: BinaryWriter, table: Table): void {
  writer.field(TType.LIST, 1).listHeader(TType.STRING, table.columns.length);
  for (const name of table.columns) writer.string(name);
  writer.field(TType.LIST, 2).listHeader(TType.STRUCT, table.rows.length);
  for (const row of table.rows) {
    writer.field(TType.LIST, 1).listHeader(TType.STRUCT, row.length);
    for (const cell of row) writeCell(writer, cell);
    writer.stop();
  }
  writer.stop();
}
