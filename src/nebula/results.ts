import { types } from 'node:util';
import { compareVersions } from '../jobs/graphd-release';
import type { Job, JobDetail, JobTask, TaskSummary } from '../jobs/job';
import { JobsError } from '../jobs/jobs-error';
import type { Table } from './client/package-facade';

export type { Table };

function unexpected(what: string): JobsError {
  return new JobsError('nebula-error', `NebulaGraph sent an answer the bot does not understand (${what}).`);
}

/** Positions of the named columns; graphd's column names are part of its contract (§2). */
function columnsOf(table: Table, names: string[]): number[] {
  return names.map((name) => {
    const index = table.columns.indexOf(name);
    if (index === -1) throw unexpected(`no "${name}" column`);
    return index;
  });
}

/**
 * DateTime values arrive as Dates (the client thread converts graphd's UTC fields, see
 * package-facade), or as the bare UTC fields. EMPTY (never set) arrives as null; a NULL too;
 * graphd 3.0–3.3 printed balance times as strings.
 */
export function toInstant(value: unknown): Date | null {
  // isDate, not instanceof: a Date copied from another thread may come from another realm (as under jest).
  if (types.isDate(value)) return Number.isNaN(value.getTime()) ? null : value;
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (typeof v.year === 'number' && typeof v.month === 'number' && typeof v.day === 'number') {
      return utcDate(v.year, v.month, v.day, num(v.hour), num(v.minute), num(v.sec), num(v.microsec));
    }
  }
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)) {
    const date = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
    return Number.isNaN(date.getTime()) ? null : date;
  }
  return null;
}

/** graphd's DateTime fields (month 1–12, microseconds) as the instant they name. */
export function utcDate(year: number, month: number, day: number, hour: number, minute: number, sec: number, microsec: number): Date {
  return new Date(Date.UTC(year, month - 1, day, hour, minute, sec) + Math.floor(microsec / 1000));
}

function num(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

function text(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

function toJobId(value: unknown): number {
  const id = typeof value === 'string' ? Number(value) : value;
  if (typeof id !== 'number' || !Number.isInteger(id)) throw unexpected('a job id that is not a number');
  return id;
}

export function toSpaceNames(table: Table | null): string[] {
  if (!table) return [];
  const [name] = columnsOf(table, ['Name']);
  return table.rows.map((row) => text(row[name])).filter((space) => space.length > 0);
}

export function toJobs(table: Table | null): Job[] {
  if (!table) return [];
  const [id, command, status, start, stop] = columnsOf(table, ['Job Id', 'Command', 'Status', 'Start Time', 'Stop Time']);
  return table.rows.map((row) => ({
    id: toJobId(row[id]),
    command: text(row[command]),
    status: text(row[status]),
    startTime: toInstant(row[start]),
    stopTime: toInstant(row[stop]),
  }));
}

const SUMMARY_KEYS: Record<string, keyof TaskSummary> = {
  Total: 'total',
  Succeeded: 'succeeded',
  Failed: 'failed',
  'In Progress': 'inProgress',
  Invalid: 'invalid',
};

/** The last row of SHOW JOB (3.4+) is "Total:n", "Succeeded:n", …: a summary, not a task. */
function toSummary(cells: unknown[]): TaskSummary | null {
  if (typeof cells[0] !== 'string' || !cells[0].startsWith('Total:')) return null;
  const summary: TaskSummary = { total: 0, succeeded: 0, failed: 0, inProgress: 0 };
  for (const cell of cells) {
    const match = /^([A-Za-z ]+):(\d+)$/.exec(text(cell));
    const key = match && SUMMARY_KEYS[match[1]];
    if (key) summary[key] = Number(match[2]);
  }
  return summary;
}

/**
 * SHOW JOB <id>: the job row, its task rows and the summary row, in the storage layout or the
 * balance one (told apart by the first column's name); graphd 3.0 has no Error Code column.
 */
export function toJobDetail(table: Table | null): JobDetail {
  if (!table || table.rows.length === 0) throw unexpected('an empty job detail');
  const layout = table.columns[0] === 'Job Id(spaceId:partId)' ? 'balance' : 'storage';
  const codeAt = (row: unknown[]): string | null => (table.columns.length > 5 ? text(row[5]) || null : null);
  const [first, ...rest] = table.rows;
  const job: Job = {
    id: toJobId(first[0]),
    command: text(first[1]),
    status: text(first[2]),
    startTime: toInstant(first[3]),
    stopTime: toInstant(first[4]),
  };
  const tasks: JobTask[] = [];
  let summary: TaskSummary | null = null;
  for (const row of rest) {
    summary = toSummary(row);
    if (summary) break;
    tasks.push({
      taskId: text(row[0]),
      host: text(row[1]),
      status: text(row[2]),
      startTime: toInstant(row[3]),
      stopTime: toInstant(row[4]),
      errorCode: codeAt(row),
    });
  }
  return { job, errorCode: codeAt(first), layout, tasks, summary };
}

export function toRecoveredCount(table: Table | null): number {
  if (!table) throw unexpected('no recovered-job count');
  const [count] = columnsOf(table, ['Recovered job num']);
  const value = table.rows[0]?.[count];
  // Old docs show "5 job recovered"; the server returns an integer. Accept both.
  const n = typeof value === 'number' ? value : Number.parseInt(text(value), 10);
  if (!Number.isFinite(n)) throw unexpected('no recovered-job count');
  return n;
}

/**
 * graphd's release from SHOW HOSTS GRAPH (Host · Port · Status · Role · Git Info Sha · Version):
 * the answering graphd's row, else the highest version listed (a rolling upgrade lists both).
 * An EMPTY Version means metad has none saved for that host.
 */
export function toServerVersion(table: Table | null, answering: { host: string; port: number }): string | null {
  if (!table) return null;
  const [host, port, version] = ['Host', 'Port', 'Version'].map((name) => table.columns.indexOf(name));
  if (version === -1) return null;
  const rows = table.rows.map((row) => ({ host: text(row[host]), port: Number(row[port]), version: text(row[version]).trim() })).filter((row) => row.version !== '');
  const own = rows.find((row) => row.host === answering.host && row.port === answering.port);
  if (own) return own.version;
  return (
    rows
      .map((row) => row.version)
      .sort(compareVersions)
      .at(-1) ?? null
  );
}
