import { rolesBySpace } from '../../../access/roles-overview';
import { code } from '../../blocks/format';
import { SlackMessage, truncate } from '../../blocks/message';
import { notice } from '../../blocks/notice';
import { ListenerDeps, Requester } from '../listener-deps';

const CAN: Record<string, string> = {
  viewer: 'list and show jobs',
  operator: 'also stop and recover jobs (or ask for approval where required)',
  admin: 'also decide others\' requests, manage subscriptions and read the audit trail',
};

/** The caller's role in each space the bot can see. */
export async function whoamiCommand(deps: ListenerDeps, requester: Requester): Promise<SlackMessage> {
  const roles = await rolesBySpace(deps, requester.userId);
  const lines = roles.map(({ space, role }) => `• ${code(space)}: *${role}*: ${CAN[role]}`);
  const fallback = `Elsewhere: *${deps.policy.defaultRole}*.`;
  const hint = deps.policy.configured
    ? undefined
    : 'No access policy is configured (ACCESS_FILE): everyone is a viewer. The README explains how to grant roles.';
  return notice(truncate(`:bust_in_silhouette: <@${requester.userId}>\n${lines.join('\n') || 'NebulaGraph shows the bot no space right now.'}\n${fallback}`, 3000), hint);
}
