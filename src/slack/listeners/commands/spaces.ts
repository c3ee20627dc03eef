import { viewableSpaces } from '../../../access/view-access';
import { listAllSpaces } from '../../../spaces/all-spaces';
import { splitTyped } from '../../../spaces/resolve-space';
import { sameSpace, spaceLabel } from '../../../spaces/space-ref';
import { code, escapeText } from '../../blocks/format';
import { type SlackMessage, truncateMrkdwn } from '../../blocks/message';
import { notice } from '../../blocks/notice';
import type { ListenerDeps, Requester } from '../listener-deps';

/** `spaces [cluster]`: the spaces the bot can see that the caller may view, cluster by cluster. */
export async function spacesCommand(deps: ListenerDeps, requester: Requester, typed?: string): Promise<SlackMessage> {
  const names = deps.gateway.clusters().map((c) => c.name);
  // `prod`, `prod/` and `prod/*` all name the cluster.
  const cluster = typed?.replace(/\/\*?$/, '');
  if (cluster !== undefined && !names.includes(cluster)) {
    return notice(`:mag: The bot serves no cluster named ${code(typed ?? cluster)}.`, `\`${deps.command} clusters\` lists the ones it serves.`);
  }
  const { spaces: all, unreachable } = await listAllSpaces(deps.gateway, cluster ? [cluster] : names);
  if (all.length === 0 && unreachable.length > 0 && unreachable.length === (cluster ? 1 : names.length)) {
    return notice(`:electric_plug: ${escapeText(unreachable[0].reason)}`);
  }
  if (all.length === 0) {
    return notice(':card_index_dividers: NebulaGraph shows the bot no graph space.', "A NebulaGraph admin can GRANT the bot's user a role in the spaces to watch.");
  }
  const spaces = await viewableSpaces(deps, requester.userId, all);
  if (spaces.length === 0) {
    return notice(':card_index_dividers: There is no graph space you may view.', 'An admin of the bot can give you the viewer role in the access policy (ACCESS_FILE).');
  }
  const channelDefault = deps.channels.channelDefault(requester.channelId);
  const botDefault = deps.defaultSpace ? splitTyped(deps.defaultSpace, names) : null;
  const lines = spaces.map((ref) => {
    const isChannelDefault = channelDefault?.space != null && sameSpace(ref, { cluster: channelDefault.cluster, space: channelDefault.space });
    const isBotDefault = botDefault !== null && botDefault.space === ref.space && (botDefault.cluster === null || botDefault.cluster === ref.cluster);
    const marks = [isChannelDefault ? "this channel's default" : '', isBotDefault ? 'bot default' : ''].filter(Boolean).join(', ');
    return `• ${code(spaceLabel(ref))}${marks ? `  _(${marks})_` : ''}`;
  });
  const missing = unreachable.map((u) => `${code(u.cluster)} could not be asked: ${escapeText(u.reason)}`);
  return notice(
    truncateMrkdwn(`:card_index_dividers: *${spaces.length} graph space${spaces.length === 1 ? '' : 's'}*\n${[...lines, ...missing].join('\n')}`, 3000),
    escapeText(`\`${deps.command} use <space>\` sets this channel's default.`),
  );
}
