import { isJobsError, JobsError } from '../jobs/jobs-error';
import type { JobsGateway } from '../jobs/jobs-gateway';
import { type ChannelDefault, chooseSpace, splitTyped } from '../spaces/resolve-space';
import { shownName } from '../spaces/space-name';
import { type SpaceRef, spaceLabel } from '../spaces/space-ref';
import type { GroupDirectory } from './group-directory';
import { mayView, roleIn } from './permissions';
import type { Policy } from './policy';

export interface ViewDeps {
  policy: Policy;
  groups: GroupDirectory;
}

/** The same words whether or not the space exists, so the refusal reveals nothing. */
export function notViewable(space: string): JobsError {
  return new JobsError(
    'not-allowed',
    `You may not view \`${shownName(space, 80)}\`.`,
    'An admin of the bot can give you the viewer role for it in the access policy (ACCESS_FILE).',
  );
}

/**
 * Reading is authorized too: a user whose role in the space is `none` sees nothing of it.
 * Checked before anything is read from graphd. Group membership may come from the cache.
 */
export async function requireView(deps: ViewDeps, userId: string, ref: SpaceRef): Promise<void> {
  if (!(await maySee(deps, userId, ref))) throw notViewable(spaceLabel(ref));
}

async function maySee(deps: ViewDeps, userId: string, ref: SpaceRef): Promise<boolean> {
  return mayView(await roleIn(deps.policy, deps.groups, userId, ref, 'cached'));
}

/** The spaces among `refs` the user may view, in the same order. */
export async function viewableSpaces<T extends SpaceRef>(deps: ViewDeps, userId: string, refs: readonly T[]): Promise<T[]> {
  const allowed = await Promise.all(refs.map((ref) => maySee(deps, userId, ref)));
  return refs.filter((_, index) => allowed[index]);
}

/**
 * The space a command is about (see chooseSpace), checked against the reader's role. A name the
 * reader may not view anywhere gets "you may not view" whether it exists or not, so lookups
 * tell nothing to people the policy shows nothing.
 */
export async function chooseViewableSpace(
  deps: ViewDeps & { gateway: JobsGateway },
  userId: string,
  choice: { named?: string; channelDefault?: ChannelDefault | null; configuredDefault?: string },
  command: string,
): Promise<{ ref: SpaceRef; from: 'named' | 'channel' | 'configured' }> {
  let chosen: { ref: SpaceRef; from: 'named' | 'channel' | 'configured' };
  try {
    chosen = await chooseSpace(deps.gateway, choice, command, (refs) => viewableSpaces(deps, userId, refs));
  } catch (error) {
    if (choice.named !== undefined && isJobsError(error) && (error.kind === 'space-not-found' || error.kind === 'invalid-input')) {
      const clusters = deps.gateway.clusters().map((c) => c.name);
      const typed = splitTyped(choice.named, clusters);
      const candidates = (typed.cluster ? [typed.cluster] : clusters).map((cluster) => ({ cluster, space: typed.space ?? '' }));
      if ((await viewableSpaces(deps, userId, candidates)).length === 0) throw notViewable(choice.named);
    }
    throw error;
  }
  // Refused in the words typed: naming the cluster that has it would tell where it exists.
  if (!(await maySee(deps, userId, chosen.ref))) throw notViewable(chosen.from === 'named' && choice.named !== undefined ? choice.named : spaceLabel(chosen.ref));
  return chosen;
}
