import { isJobId } from '../../jobs/job-id';
import { isSpaceName } from '../../spaces/space-name';
import { decodeListView, encodeListView, ListView, staleMessage } from './list-view';

/** A job named by a button: `J1|space|id`. Only names it: state and permission are re-checked. */
export interface JobRef {
  space: string;
  jobId: number;
}

export function encodeJobRef(ref: JobRef): string {
  return `J1|${ref.space}|${ref.jobId}`;
}

export function decodeJobRef(value: string | undefined): JobRef {
  const [version, space, id, extra] = (value ?? '').split('|');
  const jobId = Number(id);
  if (version !== 'J1' || extra !== undefined || !isSpaceName(space) || !/^[0-9]+$/.test(id ?? '') || !isJobId(jobId)) {
    throw staleMessage();
  }
  return { space, jobId };
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

export function decodeOrigin(text: string): Origin {
  const short = Object.entries(SHORT).find(([, code]) => code === text);
  return short ? ({ kind: short[0] } as Origin) : { kind: 'list', view: decodeListView(text) };
}

/** `<job ref>#<origin>`, the value of Stop/Recover buttons. */
export function encodeJobAction(ref: JobRef, origin: Origin): string {
  return `${encodeJobRef(ref)}#${encodeOrigin(origin)}`;
}

export function decodeJobAction(value: string | undefined): { ref: JobRef; origin: Origin } {
  const [ref, where, extra] = (value ?? '').split('#');
  if (extra !== undefined || where === undefined) throw staleMessage();
  return { ref: decodeJobRef(ref), origin: decodeOrigin(where) };
}
