import type { JobsGateway } from '../jobs/jobs-gateway';
import { listAllSpaces } from '../spaces/all-spaces';
import type { SpaceRef } from '../spaces/space-ref';
import type { GroupDirectory } from './group-directory';
import { mayView, roleIn } from './permissions';
import type { Policy, Role } from './policy';

/** A user's role in each space the bot can see and they may view (`whoami`). */
export async function rolesBySpace(deps: { gateway: JobsGateway; policy: Policy; groups: GroupDirectory }, userId: string): Promise<Array<SpaceRef & { role: Role }>> {
  const { spaces } = await listAllSpaces(deps.gateway);
  const roles = await Promise.all(spaces.map(async (ref) => ({ ...ref, role: await roleIn(deps.policy, deps.groups, userId, ref, 'cached') })));
  return roles.filter(({ role }) => mayView(role));
}
