/**
 * Failures the bot explains to people. Each carries a short plain-words message; the Slack
 * layer turns them into ephemeral replies in one place (slack/replies.ts).
 */
export type FailureKind =
  | 'invalid-input' // the user typed something we cannot use
  | 'space-not-found'
  | 'space-not-chosen'
  | 'job-not-found'
  | 'graph-permission' // graphd refused the bot's account
  | 'nebula-unreachable'
  | 'nebula-timeout'
  | 'nebula-credentials'
  | 'nebula-busy'
  | 'nebula-error'
  | 'action-refused' // graphd (or its rules) would not stop/recover this job
  | 'outcome-unknown'
  | 'not-allowed'; // the bot's own policy says no

export class JobsError extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    /** What the user could do instead, when there is something useful to say. */
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'JobsError';
  }
}

export function isJobsError(error: unknown): error is JobsError {
  return error instanceof JobsError;
}

export function invalidInput(message: string, hint?: string): JobsError {
  return new JobsError('invalid-input', message, hint);
}
