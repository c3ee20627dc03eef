import { JOB_STATUSES, JobStatus } from '../../jobs/job';
import { isJobId } from '../../jobs/job-id';
import { JobQuery, parseInstant, relativeRangeMs } from '../../jobs/job-query';
import { JobsError } from '../../jobs/jobs-error';
import { isSpaceName } from '../../spaces/space-name';

/** Which list a message shows: carried by its buttons and selects, since Slack keeps no state for us. */
export interface ListView {
  space: string;
  query: JobQuery;
  page: number;
  share: boolean;
}

const VERSION = 'L1';

/**
 * `L1|space|statuses|since|until|id|command|page|share`. Every field's alphabet excludes `|`,
 * and the longest possible view stays under 255 characters, so it fits a block_id as well as
 * a button value.
 */
export function encodeListView(view: ListView): string {
  const mask = view.query.statuses.reduce((bits, status) => bits | (1 << JOB_STATUSES.indexOf(status)), 0);
  return [
    VERSION,
    view.space,
    mask.toString(36),
    view.query.since,
    view.query.until ?? '',
    view.query.jobId ?? '',
    view.query.command ?? '',
    view.page,
    view.share ? '1' : '0',
  ].join('|');
}

export function staleMessage(): JobsError {
  return new JobsError('invalid-input', 'This message is out of date.', 'Run the command again to get a fresh one.');
}

/** Button values come back from Slack clients: decode them as untrusted input. */
export function decodeListView(value: string | undefined): ListView {
  const fields = (value ?? '').split('|');
  if (fields.length !== 9 || fields[0] !== VERSION) throw staleMessage();
  const [, space, mask, since, until, id, command, page, share] = fields;
  const bits = Number.parseInt(mask, 36);
  const jobId = id === '' ? undefined : Number(id);
  const valid =
    isSpaceName(space) &&
    /^[0-9a-v]$/.test(mask) &&
    (relativeRangeMs(since) !== null || parseInstant(since) !== null) &&
    (until === '' || parseInstant(until) !== null) &&
    (jobId === undefined || isJobId(jobId)) &&
    /^[A-Za-z0-9_]{0,32}$/.test(command) &&
    /^[0-9]{1,6}$/.test(page) &&
    /^[01]$/.test(share);
  if (!valid) throw staleMessage();
  const statuses: JobStatus[] = JOB_STATUSES.filter((_, index) => (bits & (1 << index)) !== 0);
  return {
    space,
    query: {
      statuses,
      since,
      ...(until ? { until } : {}),
      ...(jobId !== undefined ? { jobId } : {}),
      ...(command ? { command } : {}),
    },
    page: Number(page),
    share: share === '1',
  };
}
