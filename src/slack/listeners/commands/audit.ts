import { readAuditTrail } from '../../../access/audit-trail';
import { spaceLabel } from '../../../spaces/space-ref';
import { code, escapeText, slackDate } from '../../blocks/format';
import { type SlackMessage, truncateMrkdwn } from '../../blocks/message';
import { notice } from '../../blocks/notice';
import type { ListenerDeps, Requester } from '../listener-deps';

/** `audit [space] [since=…]`: the latest entries of the spaces the caller administers. */
export async function auditCommand(deps: ListenerDeps, requester: Requester, request: { space?: string; since?: string }): Promise<SlackMessage> {
  const entries = await readAuditTrail(deps, requester.userId, request);
  if (entries.length === 0) return notice(':scroll: No audit entries match.');
  const lines = entries.map(
    (e) =>
      `${slackDate(e.at, '{date_short} {time_secs}')}  <@${e.userId}>  *${e.action}*${e.jobId ? ` job ${e.jobId}` : ''} in ${code(spaceLabel(e))}: _${e.result}_${e.detail ? `: ${escapeText(e.detail)}` : ''}`,
  );
  return notice(truncateMrkdwn(`:scroll: *Latest ${entries.length} audit entries*\n${lines.join('\n')}`, 3000));
}
