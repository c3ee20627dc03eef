import { isJobId } from '../../jobs/job-id';
import { DEFAULT_CLUSTER, type SpaceRef } from '../../spaces/space-ref';
import { decodeListView, encodeListView, type ListView } from './list-view';
import { encodeSpace, isSpaceHandle, resolveHandle, type SpaceLookup } from './space-key';
import { staleMessage } from './stale-message';

/**
 * A job named by a button: `J2|cluster|space key|id` (`J1|space|id` before clusters). Only
 * names it: state and permission are re-checked.
 */
export interface JobRef extends SpaceRef {
  jobId: number;
}

export function encodeJobRef(ref: JobRef): string {
  return `J2|${encodeSpace(ref)}|${ref.jobId}`;
}

export async function decodeJobRef(value: string | undefined, lookup: SpaceLookup): Promise<JobRef> {
  const fields = (value ?? '').split('|');
  if (fields[0] === 'J1' && fields.length === 3) fields.splice(0, 1, 'J2', DEFAULT_CLUSTER);
  const [version, cluster, key, id, extra] = fields;
  const jobId = Number(id);
  if (version !== 'J2' || extra !== undefined || !isSpaceHandle(cluster, key) || !/^[0-9]+$/.test(id ?? '') || !isJobId(jobId)) {
    throw staleMessage();
  }
  return { ...(await resolveHandle({ cluster, key }, lookup)), jobId };
}

/**
 * Where a stop/recover came from, so its outcome can be drawn in place: a list (with its view),
 * a job detail, an alert, or a typed command (which gets a new message instead).
 */
export type Origin = { kind: 'list'; view: ListView } | { kind: 'detail' } | { kind: 'alert' } | { kind: 'command' };

const SHORT: Record<Exclude<Origin['kind'], 'list'>, string> = { detail: 'd', alert: 'a', command: 'c' };

export function encodeOrigin(origin: Origin): string {
  return origin.kind === 'list' ? encodeListView(origin.view) : SHORT[origin.kind];
}

export async function decodeOrigin(text: string, lookup: SpaceLookup): Promise<Origin> {
  const short = Object.entries(SHORT).find(([, code]) => code === text);
  return short ? ({ kind: short[0] } as Origin) : { kind: 'list', view: await decodeListView(text, lookup) };
}

/** `<job ref>#<origin>`, the value of Stop/Recover buttons. */
export function encodeJobAction(ref: JobRef, origin: Origin): string {
  return `${encodeJobRef(ref)}#${encodeOrigin(origin)}`;
}

export async function decodeJobAction(value: string | undefined, lookup: SpaceLookup): Promise<{ ref: JobRef; origin: Origin }> {
  const [ref, where, extra] = (value ?? '').split('#');
  if (extra !== undefined || where === undefined) throw staleMessage();
  return { ref: await decodeJobRef(ref, lookup), origin: await decodeOrigin(where, lookup) };
}
