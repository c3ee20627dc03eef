import { JobsError } from '../../jobs/jobs-error';

/** A button or select whose value no longer makes sense: forged, from an old version, or naming what is gone. */
export function staleMessage(): JobsError {
  return new JobsError('invalid-input', 'This message is out of date.', 'Run the command again to get a fresh one.');
}
