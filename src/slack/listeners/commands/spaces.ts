import { code, escapeText } from '../../blocks/format';
import { SlackMessage, truncate } from '../../blocks/message';
import { notice } from '../../blocks/notice';
import { Requester, ListenerDeps } from '../listener-deps';

export async function spacesCommand(deps: ListenerDeps, requester: Requester): Promise<SlackMessage> {
  const spaces = await deps.gateway.listSpaces();
  if (spaces.length === 0) {
    return notice(':card_index_dividers: NebulaGraph shows the bot no graph space.', 'A NebulaGraph admin can GRANT the bot\'s user a role in the spaces to watch.');
  }
  const channelDefault = deps.channels.defaultSpace(requester.channelId)?.space;
  const lines = spaces.map((space) => {
    const marks = [space === channelDefault ? 'this channel\'s default' : '', space === deps.defaultSpace ? 'bot default' : '']
      .filter(Boolean)
      .join(', ');
    return `• ${code(space)}${marks ? `  _(${marks})_` : ''}`;
  });
  return notice(
    truncate(`:card_index_dividers: *${spaces.length} graph space${spaces.length === 1 ? '' : 's'}*\n${lines.join('\n')}`, 3000),
    escapeText(`\`${deps.command} use <space>\` sets this channel's default.`),
  );
}
