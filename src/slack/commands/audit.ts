import { roleIn } from '../../access/permissions';
import { parseInstant, relativeRangeMs } from '../../jobs/job-query';
import { JobsError } from '../../jobs/jobs-error';
import { code, escapeText, slackDate } from '../blocks/format';
import { SlackMessage, truncate } from '../blocks/message';
import { notice } from '../blocks/notice';
import { Requester, SlackServices } from '../services';

const LIMIT = 15;

/** The latest audit entries of the spaces the caller administers. */
export async function auditCommand(services: SlackServices, requester: Requester, request: { space?: string; since?: string }): Promise<SlackMessage> {
  const candidates = request.space ? [request.space] : await services.gateway.listSpaces();
  const administered: string[] = [];
  for (const space of candidates) {
    if ((await roleIn(services.policy, services.groups, requester.userId, space)) === 'admin') administered.push(space);
  }
  if (administered.length === 0) {
    throw new JobsError('not-allowed', request.space ? `Only admins of \`${request.space}\` can read its audit trail.` : 'Only admins can read the audit trail.');
  }
  const now = services.now();
  const relative = request.since ? relativeRangeMs(request.since) : null;
  const since = relative !== null ? new Date(now.getTime() - relative) : request.since ? parseInstant(request.since) ?? undefined : undefined;
  const entries = services.audit.latest({ spaces: administered, since, limit: LIMIT });
  if (entries.length === 0) return notice(':scroll: No audit entries match.');
  const lines = entries.map(
    (e) => `${slackDate(e.at, '{date_short} {time_secs}')}  <@${e.userId}>  *${e.action}*${e.jobId ? ` job ${e.jobId}` : ''} in ${code(e.space)}: _${e.result}_${e.detail ? `: ${escapeText(e.detail)}` : ''}`,
  );
  return notice(truncate(`:scroll: *Latest ${entries.length} audit entries*\n${lines.join('\n')}`, 3000));
}
