import { JobsGateway } from '../jobs/jobs-gateway';
import { GroupDirectory } from './group-directory';
import { mayView, roleIn } from './permissions';
import { Policy, Role } from './policy';

/** A user's role in each space the bot can see and they may view (`whoami`). */
export async function rolesBySpace(deps: { gateway: JobsGateway; policy: Policy; groups: GroupDirectory }, userId: string): Promise<Array<{ space: string; role: Role }>> {
  const spaces = await deps.gateway.listSpaces().catch(() => [] as string[]);
  const roles = await Promise.all(spaces.map(async (space) => ({ space, role: await roleIn(deps.policy, deps.groups, userId, space, 'cached') })));
  return roles.filter(({ role }) => mayView(role));
}
