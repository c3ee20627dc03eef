import type { Role } from '../../../access/policy';
import { rolesBySpace } from '../../../access/roles-overview';
import { spaceLabel } from '../../../spaces/space-ref';
import { code } from '../../blocks/format';
import { type SlackMessage, truncateMrkdwn } from '../../blocks/message';
import { notice } from '../../blocks/notice';
import type { ListenerDeps, Requester } from '../listener-deps';

const CAN: Record<Role, string> = {
  none: 'nothing: such spaces are hidden from you',
  viewer: 'list and show jobs',
  operator: 'also stop and recover jobs (or ask for approval where required)',
  admin: "also decide others' requests, manage subscriptions and read the audit trail",
};

/** The caller's role in each space the bot can see and they may view. */
export async function whoamiCommand(deps: ListenerDeps, requester: Requester): Promise<SlackMessage> {
  const { policy } = deps;
  const roles = await rolesBySpace(deps, requester.userId);
  const lines = roles.map((ref) => `• ${code(spaceLabel(ref))}: *${ref.role}*: ${CAN[ref.role]}`);
  const none = policy.defaultRole === 'none' ? 'You may view no graph space.' : 'NebulaGraph shows the bot no space right now.';
  const fallback = `Elsewhere: *${policy.defaultRole}*${policy.defaultRole === 'none' ? ` (${CAN.none})` : ''}.`;
  const hint = policy.configured ? undefined : 'No access policy is configured (ACCESS_FILE): everyone is a viewer. The README explains how to grant roles.';
  return notice(truncateMrkdwn(`:bust_in_silhouette: <@${requester.userId}>\n${lines.join('\n') || none}\n${fallback}`, 3000), hint);
}
