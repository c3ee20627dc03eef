import type { GraphdVersion } from './graphd-version';
import type { FakeJob } from './job-engine';
import { type Cell, type Table, timeCell } from './table';

/**
 * The result tables of SHOW JOBS and SHOW JOB <id> as graphd's SubmitJobExecutor builds them,
 * per version (see graphd-version.ts).
 */

export const isBalance = (type: string): boolean => type === 'DATA_BALANCE' || type === 'ZONE_BALANCE';

function label(type: string, version: GraphdVersion): string {
  return type === 'ZONE_BALANCE' && version.labelsZoneBalanceAsData ? 'DATA_BALANCE' : type;
}

/** Before 3.4 the balance job row's times went through Value::toString. */
function timeText(seconds: number): string {
  if (seconds <= 0) return '__EMPTY__';
  return `${new Date(seconds * 1000).toISOString().slice(0, 19)}.000000000`;
}

export function showJobsTable(jobs: FakeJob[], version: GraphdVersion): Table {
  return {
    columns: ['Job Id', 'Command', 'Status', 'Start Time', 'Stop Time'],
    rows: jobs.map((job) => [job.id, label(job.type, version), job.status, timeCell(job.start), timeCell(job.stop)]),
  };
}

function balanceTable(job: FakeJob, spaceId: number, version: GraphdVersion): Table {
  const withCode = version.showJobHasErrorCode;
  const count = (status: string): number => job.balanceTasks.filter((t) => t.status === status).length;
  const time = (seconds: number): Cell => (version.balanceTimesAsDateTime ? timeCell(seconds) : timeText(seconds));
  const command = withCode ? 'DATA_BALANCE' : job.type;
  const taskCode = version.taskRowsShowJobCode && job.errorCode === 'E_JOB_SUBMITTED' ? '' : job.errorCode;
  const code = (cell: Cell): Cell[] => (withCode ? [cell] : []);
  return {
    columns: ['Job Id(spaceId:partId)', 'Command(src->dst)', 'Status', 'Start Time', 'Stop Time', ...(withCode ? ['Error Code'] : [])],
    rows: [
      [job.id, command, job.status, time(job.start), time(job.stop), ...code(job.errorCode)],
      ...job.balanceTasks.map((t): Cell[] => [`${job.id}, ${spaceId}:${t.partId}`, `${t.src}->${t.dst}`, t.status, timeCell(t.start), timeCell(t.stop), ...code(taskCode)]),
      [
        `Total:${job.balanceTasks.length}`,
        `Succeeded:${count('SUCCEEDED')}`,
        `Failed:${count('FAILED')}`,
        `In Progress:${count('IN_PROGRESS')}`,
        `Invalid:${count('INVALID')}`,
        ...code(''),
      ],
    ],
  };
}

export function showJobTable(job: FakeJob, spaceId: number, version: GraphdVersion): Table {
  if (isBalance(job.type)) return balanceTable(job, spaceId, version);
  const withCode = version.showJobHasErrorCode;
  const code = (cell: Cell): Cell[] => (withCode ? [cell] : []);
  const jobCode = job.errorCode === 'E_JOB_SUBMITTED' ? '' : job.errorCode;
  const rows: Cell[][] = [
    [job.id, job.type, job.status, timeCell(job.start), timeCell(job.stop), ...code(job.errorCode)],
    ...job.tasks.map((t, index): Cell[] => [index, t.host, t.status, timeCell(t.start), timeCell(t.stop), ...code(version.taskRowsShowJobCode ? jobCode : t.errorCode)]),
  ];
  if (version.showJobHasSummary) {
    const count = (status: string): number => job.tasks.filter((t) => t.status === status).length;
    rows.push([`Total:${job.tasks.length}`, `Succeeded:${count('FINISHED')}`, `Failed:${count('FAILED')}`, `In Progress:${count('RUNNING')}`, '', '']);
  }
  return { columns: ['Job Id(TaskId)', 'Command(Dest)', 'Status', 'Start Time', 'Stop Time', ...(withCode ? ['Error Code'] : [])], rows };
}
