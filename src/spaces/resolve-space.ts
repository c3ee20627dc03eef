import { isJobsError, JobsError } from '../jobs/jobs-error';
import type { JobsGateway } from '../jobs/jobs-gateway';
import { shownName } from './space-name';
import { type SpaceRef, spaceLabel } from './space-ref';

/** What a channel uses when a command names no space (`use`): a cluster, a space of one, or neither. */
export interface ChannelDefault {
  cluster: string;
  /** null: the whole cluster. */
  space: string | null;
  setBy: string;
  setAt: Date;
}

/** A typed `prod/nba` names the cluster when `prod` is one the bot serves; anything else is a space name. */
export function splitTyped(text: string, clusters: readonly string[]): { cluster: string | null; space: string | null } {
  const slash = text.indexOf('/');
  if (slash > 0 && clusters.includes(text.slice(0, slash))) {
    const space = text.slice(slash + 1);
    return { cluster: text.slice(0, slash), space: space === '' || space === '*' ? null : space };
  }
  return { cluster: null, space: text };
}

/** Which of `refs` a typed name means (`prod/nba`, or a bare `nba` in any of their clusters); the caller says what several mean. */
export function refsMatching<T extends SpaceRef>(refs: readonly T[], text: string): T[] {
  const typed = splitTyped(text, [...new Set(refs.map((ref) => ref.cluster))]);
  return refs.filter((ref) => ref.space === typed.space && (typed.cluster === null || ref.cluster === typed.cluster));
}

function notFound(space: string, searched: string[], unreadable: string[]): JobsError {
  const where = searched.length === 1 ? '' : ` in ${searched.map((c) => `\`${c}\``).join(', ')}`;
  const unread = unreadable.length ? ` (${unreadable.map((c) => `\`${c}\``).join(', ')} could not be asked right now)` : '';
  return new JobsError(
    'space-not-found',
    `Graph space \`${shownName(space)}\` does not exist${where} or the bot cannot see it${unread}.`,
    "`spaces` lists the spaces the bot can see; for another, a NebulaGraph admin can GRANT the bot's account a role (GUEST is enough to read) in it.",
  );
}

/** Narrows spaces to those the reader may see (access/view-access.ts), keeping their order. */
export type Visible = (refs: SpaceRef[]) => Promise<SpaceRef[]>;

/**
 * The space a typed name means: looked up in SHOW SPACES of the named cluster, else of the
 * channel's cluster, else of every cluster. Only a name graphd listed comes back, so no other
 * text reaches a job statement. A name in several clusters must be told apart (`prod/nba`),
 * unless the reader may see it in only one of them (`visible`).
 */
export async function findSpace(gateway: JobsGateway, text: string, scopeCluster: string | null = null, visible?: Visible): Promise<SpaceRef> {
  const names = gateway.clusters().map((c) => c.name);
  const typed = splitTyped(text, names);
  if (typed.space === null) {
    throw new JobsError('invalid-input', `Which space of \`${typed.cluster}\`?`, `Name one, e.g. \`${typed.cluster}/nba\`; \`spaces ${typed.cluster}\` lists them.`);
  }
  const space = typed.space;
  const searched = typed.cluster ? [typed.cluster] : scopeCluster ? [scopeCluster] : names;
  const lookUp = async (fresh: boolean): Promise<{ found: string[]; unreadable: string[]; failure: unknown }> => {
    const answers = await Promise.all(
      searched.map((cluster) =>
        gateway.listSpaces(cluster, { fresh }).then(
          (spaces) => ({ cluster, spaces }),
          (error: unknown) => ({ cluster, error }),
        ),
      ),
    );
    const found = answers.filter((a) => 'spaces' in a && a.spaces.includes(space)).map((a) => a.cluster);
    const failed = answers.filter((a): a is { cluster: string; error: unknown } => 'error' in a);
    return { found, unreadable: failed.map((a) => a.cluster), failure: failed[0]?.error };
  };
  // A list a few seconds old may miss a space created since: ask again before saying no.
  let result = await lookUp(false);
  if (result.found.length === 0) result = await lookUp(true);
  if (result.found.length === 1) return { cluster: result.found[0], space };
  if (result.found.length > 1) {
    // Only the clusters where the reader may see it count: the others are not theirs to learn of.
    const refs = result.found.map((cluster) => ({ cluster, space }));
    const seen = visible ? await visible(refs) : refs;
    if (seen.length === 1) return seen[0];
    if (seen.length > 1) {
      const options = seen.map((ref) => `\`${spaceLabel(ref)}\``).join(', ');
      throw new JobsError('invalid-input', `\`${shownName(space)}\` exists in ${seen.length} clusters.`, `Say which: ${options}.`);
    }
    return refs[0]; // seen by none: the caller's view check refuses it
  }
  if (searched.length === 1 && result.failure !== undefined)
    throw isJobsError(result.failure) ? result.failure : new JobsError('nebula-error', 'NebulaGraph failed in an unexpected way.');
  if (typed.cluster === null && names.includes(space)) {
    throw new JobsError('invalid-input', `\`${space}\` is a cluster, not a space.`, `Name a space in it, e.g. \`${space}/nba\`; \`spaces ${space}\` lists them.`);
  }
  throw notFound(space, searched, result.unreadable);
}

/**
 * The space a command is about: the one named, else the channel's default (`use`), else the
 * bot's DEFAULT_SPACE. A channel whose default is a cluster looks names up in that cluster.
 */
export async function chooseSpace(
  gateway: JobsGateway,
  choice: { named?: string; channelDefault?: ChannelDefault | null; configuredDefault?: string },
  command: string,
  visible?: Visible,
): Promise<{ ref: SpaceRef; from: 'named' | 'channel' | 'configured' }> {
  const channel = choice.channelDefault ?? null;
  if (choice.named !== undefined) return { ref: await findSpace(gateway, choice.named, channel?.cluster ?? null, visible), from: 'named' };
  if (channel?.space) return { ref: { cluster: channel.cluster, space: channel.space }, from: 'channel' };
  // DEFAULT_SPACE applies unless it names another cluster than the channel's (a bare name is looked up in the channel's).
  const configuredCluster = choice.configuredDefault
    ? splitTyped(
        choice.configuredDefault,
        gateway.clusters().map((c) => c.name),
      ).cluster
    : null;
  if (choice.configuredDefault && (!channel?.cluster || configuredCluster === null || configuredCluster === channel.cluster)) {
    return { ref: await findSpace(gateway, choice.configuredDefault, channel?.cluster ?? null, visible), from: 'configured' };
  }
  const scope = channel?.cluster ? ` of \`${channel.cluster}\` (this channel's cluster)` : '';
  throw new JobsError(
    'space-not-chosen',
    `Which graph space${scope}? None is named and this channel has no default space.`,
    `Name one (\`${command} list nba\`), or set this channel's default with \`${command} use nba\`. \`${command} spaces\` lists them.`,
  );
}
