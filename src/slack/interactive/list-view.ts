import { JOB_STATUSES, type JobStatus } from '../../jobs/job';
import { isJobId } from '../../jobs/job-id';
import { type JobQuery, parseInstant, relativeRangeMs } from '../../jobs/job-query';
import { DEFAULT_CLUSTER, type SpaceRef } from '../../spaces/space-ref';
import { encodeSpace, isSpaceHandle, resolveHandle, type SpaceLookup } from './space-key';
import { staleMessage } from './stale-message';

/** Which list a message shows: carried by its buttons and selects, since Slack keeps no state for us. */
export interface ListView extends SpaceRef {
  query: JobQuery;
  page: number;
  share: boolean;
}

const VERSION = 'L2';

/**
 * `L2|cluster|space key|statuses|since|until|id|command|page|share` (space-key.ts). Every
 * field's alphabet excludes `|`, and the longest possible view stays under 255 characters, so it
 * fits a block_id as well as a button value. `L1` (no cluster) came before clusters.
 */
export function encodeListView(view: ListView): string {
  const mask = view.query.statuses.reduce((bits, status) => bits | (1 << JOB_STATUSES.indexOf(status)), 0);
  return [
    VERSION,
    encodeSpace(view),
    mask.toString(36),
    view.query.since,
    view.query.until ?? '',
    view.query.jobId ?? '',
    view.query.command ?? '',
    view.page,
    view.share ? '1' : '0',
  ].join('|');
}

/** Button values come back from Slack clients: decode them as untrusted input. */
export async function decodeListView(value: string | undefined, lookup: SpaceLookup): Promise<ListView> {
  const fields = (value ?? '').split('|');
  // A view from before clusters (L1) is of the default cluster.
  if (fields[0] === 'L1' && fields.length === 9) fields.splice(0, 1, VERSION, DEFAULT_CLUSTER);
  if (fields.length !== 10 || fields[0] !== VERSION) throw staleMessage();
  const [, cluster, key, mask, since, until, id, command, page, share] = fields;
  const bits = Number.parseInt(mask, 36);
  const jobId = id === '' ? undefined : Number(id);
  const valid =
    isSpaceHandle(cluster, key) &&
    /^[0-9a-v]$/.test(mask) &&
    (relativeRangeMs(since) !== null || parseInstant(since) !== null) &&
    (until === '' || parseInstant(until) !== null) &&
    (jobId === undefined || isJobId(jobId)) &&
    /^[A-Za-z0-9_]{0,32}$/.test(command) &&
    /^[0-9]{1,6}$/.test(page) &&
    /^[01]$/.test(share);
  if (!valid) throw staleMessage();
  const statuses: JobStatus[] = JOB_STATUSES.filter((_, index) => (bits & (1 << index)) !== 0);
  const { space } = await resolveHandle({ cluster, key }, lookup);
  return {
    cluster,
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
