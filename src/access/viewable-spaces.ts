import { JobsGateway } from '../jobs/jobs-gateway';
import { GroupDirectory } from './group-directory';
import { roleIn } from './permissions';
import { Policy, rank, Role } from './policy';

export interface ViewDeps {
  gateway: JobsGateway;
  policy: Policy;
  groups: GroupDirectory;
}

/**
 * The one rule for "may this person see a space's jobs": any role from viewer up. A role below
 * viewer (one that grants nothing) hides the space.
 */
export function mayView(role: Role): boolean {
  return rank(role) >= rank('viewer');
}

export async function mayViewSpace(deps: Pick<ViewDeps, 'policy' | 'groups'>, userId: string, space: string): Promise<boolean> {
  return mayView(await roleIn(deps.policy, deps.groups, userId, space));
}

/** The spaces graphd shows the bot that this user may see, sorted by name. Throws when graphd cannot list them. */
export async function viewableSpaces(deps: ViewDeps, userId: string): Promise<string[]> {
  const spaces = await deps.gateway.listSpaces();
  const visible = await Promise.all(spaces.map((space) => mayViewSpace(deps, userId, space)));
  return spaces.filter((_, index) => visible[index]);
}
