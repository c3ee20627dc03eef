import { JobsError } from '../jobs/jobs-error';
import { GroupDirectory } from './group-directory';
import { mayView, roleIn } from './permissions';
import { Policy } from './policy';

export interface ViewDeps {
  policy: Policy;
  groups: GroupDirectory;
}

/** The same words whether or not the space exists, so the refusal reveals nothing. */
export function notViewable(space: string): JobsError {
  return new JobsError('not-allowed', `You may not view \`${space}\`.`, 'An admin of the bot can give you the viewer role for it in the access policy (ACCESS_FILE).');
}

/**
 * Reading is authorized too: a user whose role in the space is `none` sees nothing of it.
 * Checked before anything is read from graphd. Group membership may come from the cache.
 */
export async function requireView(deps: ViewDeps, userId: string, space: string): Promise<void> {
  if (!mayView(await roleIn(deps.policy, deps.groups, userId, space, 'cached'))) throw notViewable(space);
}

/** The spaces among `spaces` the user may view, in the same order. */
export async function viewableSpaces(deps: ViewDeps, userId: string, spaces: readonly string[]): Promise<string[]> {
  const allowed = await Promise.all(spaces.map(async (space) => mayView(await roleIn(deps.policy, deps.groups, userId, space, 'cached'))));
  return spaces.filter((_, index) => allowed[index]);
}
