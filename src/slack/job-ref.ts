import { isJobId } from '../jobs/job-id';
import { isSpaceName } from '../jobs/space-name';
import { staleMessage } from './list-view';

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
