import { setChannelDefault } from '../../../spaces/channel-defaults';
import { code } from '../../blocks/format';
import { SlackMessage } from '../../blocks/message';
import { notice } from '../../blocks/notice';
import { ListenerDeps, Requester } from '../listener-deps';

/** `use <space>` sets the channel's default space; `use` shows it. */
export async function useCommand(deps: ListenerDeps, requester: Requester, space?: string): Promise<SlackMessage> {
  const { command } = deps;
  if (!space) {
    const current = deps.channels.defaultSpace(requester.channelId);
    if (current) return notice(`:pushpin: This channel's default space is ${code(current.space)} (set by <@${current.setBy}>).`);
    if (deps.defaultSpace) return notice(`:pushpin: This channel has no default; the bot's default space is ${code(deps.defaultSpace)}.`);
    return notice(':pushpin: This channel has no default space.', `Set one with \`${command} use nba\`.`);
  }
  await setChannelDefault(deps, requester, space);
  return notice(`:pushpin: ${code(space)} is now this channel's default space.`, `\`${command} list\` shows its jobs.`);
}
