import { mayView, roleIn } from '../../../access/permissions';
import { setChannelDefault } from '../../../spaces/channel-defaults';
import { code } from '../../blocks/format';
import { SlackMessage } from '../../blocks/message';
import { notice } from '../../blocks/notice';
import { ListenerDeps, Requester } from '../listener-deps';

/**
 * `use <space>` sets the channel's default space (operators of that space, or anyone when no
 * policy is configured); `use` shows it, unless it is a space the caller may not view.
 */
export async function useCommand(deps: ListenerDeps, requester: Requester, space?: string): Promise<SlackMessage> {
  const { command } = deps;
  if (!space) {
    const current = deps.channels.defaultSpace(requester.channelId);
    if (current && !mayView(await roleIn(deps.policy, deps.groups, requester.userId, current.space, 'cached'))) {
      return notice(':pushpin: This channel\'s default space is one you may not view.');
    }
    if (current) return notice(`:pushpin: This channel's default space is ${code(current.space)} (set by <@${current.setBy}>).`);
    if (deps.defaultSpace) return notice(`:pushpin: This channel has no default; the bot's default space is ${code(deps.defaultSpace)}.`);
    return notice(':pushpin: This channel has no default space.', `Set one with \`${command} use nba\`.`);
  }
  await setChannelDefault(deps, requester, space);
  return notice(`:pushpin: ${code(space)} is now this channel's default space.`, `\`${command} list\` shows its jobs; typed \`stop\`/\`recover\` name it before anything is sent.`);
}
