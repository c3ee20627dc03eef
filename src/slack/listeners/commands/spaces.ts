import { viewableSpaces } from '../../../access/view-access';
import { code, escapeText } from '../../blocks/format';
import { SlackMessage, truncateMrkdwn } from '../../blocks/message';
import { notice } from '../../blocks/notice';
import { Requester, ListenerDeps } from '../listener-deps';

/** The spaces the bot can see that the caller may view. */
export async function spacesCommand(deps: ListenerDeps, requester: Requester): Promise<SlackMessage> {
  const all = await deps.gateway.listSpaces();
  if (all.length === 0) {
    return notice(':card_index_dividers: NebulaGraph shows the bot no graph space.', 'A NebulaGraph admin can GRANT the bot\'s user a role in the spaces to watch.');
  }
  const spaces = await viewableSpaces(deps, requester.userId, all);
  if (spaces.length === 0) {
    return notice(':card_index_dividers: There is no graph space you may view.', 'An admin of the bot can give you the viewer role in the access policy (ACCESS_FILE).');
  }
  const channelDefault = deps.channels.defaultSpace(requester.channelId)?.space;
  const lines = spaces.map((space) => {
    const marks = [space === channelDefault ? 'this channel\'s default' : '', space === deps.defaultSpace ? 'bot default' : '']
      .filter(Boolean)
      .join(', ');
    return `• ${code(space)}${marks ? `  _(${marks})_` : ''}`;
  });
  return notice(
    truncateMrkdwn(`:card_index_dividers: *${spaces.length} graph space${spaces.length === 1 ? '' : 's'}*\n${lines.join('\n')}`, 3000),
    escapeText(`\`${deps.command} use <space>\` sets this channel's default.`),
  );
}
