import { type FailureKind, isJobsError, type JobsError } from '../../jobs/jobs-error';
import type { Logger } from '../../logging/logger';
import { escapeText } from './format';
import type { SlackMessage } from './message';
import { notice } from './notice';

const ICON: Record<FailureKind, string> = {
  'invalid-input': ':warning:',
  'space-not-found': ':mag:',
  'space-not-chosen': ':compass:',
  'job-not-found': ':mag:',
  'graph-permission': ':lock:',
  'nebula-unreachable': ':electric_plug:',
  'nebula-timeout': ':hourglass:',
  'nebula-credentials': ':key:',
  'nebula-busy': ':traffic_light:',
  'nebula-error': ':warning:',
  'action-refused': ':no_entry_sign:',
  'outcome-unknown': ':grey_question:',
  'not-allowed': ':lock:',
};

/**
 * The one place failures become Slack messages. Known failures keep their plain words; anything
 * else is logged with its details and shown as a short apology, never a stack trace.
 */
export function errorReply(error: unknown, logger: Logger): SlackMessage {
  if (isJobsError(error)) {
    return replyFor(error);
  }
  logger.error('unexpected failure', { error });
  return notice(":warning: Something went wrong on the bot's side. It has been logged; please try again.");
}

function replyFor(error: JobsError): SlackMessage {
  // Messages can quote what a user typed: escape it so it cannot become a mention or link.
  return notice(`${ICON[error.kind]} ${escapeText(error.message)}`, error.hint && escapeText(error.hint));
}
