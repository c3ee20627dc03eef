import { Job, JobDetail, JobTask, TaskSummary } from '../jobs/job';
import { JobsError } from '../jobs/jobs-error';

/** graphd's table as the client parses it: column-major, one array per column name. */
export type Columns = Record<string, unknown[]>;

function unexpected(what: string): JobsError {
  return new JobsError('nebula-error', `NebulaGraph sent an answer the bot does not understand (${what}).`);
}

function column(data: Columns, name: string): unknown[] {
  const values = data[name];
  if (!Array.isArray(values)) throw unexpected(`no "${name}" column`);
  return values;
}

function rowCount(data: Columns): number {
  const first = Object.values(data).find(Array.isArray);
  return first ? first.length : 0;
}

/**
 * DateTime values arrive as bare UTC fields. EMPTY (never set) arrives as null; a NULL would
 * arrive as the number 0; graphd 3.0–3.3 printed balance times as strings.
 */
export function toInstant(value: unknown): Date | null {
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (typeof v.year === 'number' && typeof v.month === 'number' && typeof v.day === 'number') {
      const ms = Date.UTC(v.year, v.month - 1, v.day, num(v.hour), num(v.minute), num(v.sec));
      return new Date(ms + Math.floor(num(v.microsec) / 1000));
    }
  }
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)) {
    const date = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
    return Number.isNaN(date.getTime()) ? null : date;
  }
  return null;
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

export function toSpaceNames(data: Columns | null): string[] {
  if (!data) return [];
  return column(data, 'Name').map(text).filter((name) => name.length > 0);
}

export function toJobs(data: Columns | null): Job[] {
  if (!data) return [];
  const [ids, commands, statuses, starts, stops] = ['Job Id', 'Command', 'Status', 'Start Time', 'Stop Time'].map(
    (name) => column(data, name),
  );
  return ids.map((id, row) => ({
    id: toJobId(id),
    command: text(commands[row]),
    status: text(statuses[row]),
    startTime: toInstant(starts[row]),
    stopTime: toInstant(stops[row]),
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

/** SHOW JOB <id>: the job row, its task rows and the summary row, for both layouts. */
export function toJobDetail(data: Columns | null): JobDetail {
  if (!data || rowCount(data) === 0) throw unexpected('an empty job detail');
  const names = Object.keys(data).filter((name) => Array.isArray(data[name]));
  const layout = names[0] === 'Job Id(spaceId:partId)' ? 'balance' : 'storage';
  const cells = (row: number): unknown[] => names.map((name) => data[name][row]);
  const codeAt = (row: number): string | null => (names.length > 5 ? text(cells(row)[5]) || null : null);

  const first = cells(0);
  const job: Job = {
    id: toJobId(first[0]),
    command: text(first[1]),
    status: text(first[2]),
    startTime: toInstant(first[3]),
    stopTime: toInstant(first[4]),
  };
  const tasks: JobTask[] = [];
  let summary: TaskSummary | null = null;
  for (let row = 1; row < rowCount(data); row += 1) {
    const task = cells(row);
    summary = toSummary(task);
    if (summary) break;
    tasks.push({
      taskId: text(task[0]),
      host: text(task[1]),
      status: text(task[2]),
      startTime: toInstant(task[3]),
      stopTime: toInstant(task[4]),
      errorCode: codeAt(row),
    });
  }
  return { job, errorCode: codeAt(0), layout, tasks, summary };
}

export function toRecoveredCount(data: Columns | null): number {
  const value = data ? column(data, 'Recovered job num')[0] : undefined;
  // Old docs show "5 job recovered"; the server returns an integer. Accept both.
  const count = typeof value === 'number' ? value : Number.parseInt(text(value), 10);
  if (!Number.isFinite(count)) throw unexpected('no recovered-job count');
  return count;
}
