import { mayView, roleIn } from '../../../access/permissions';
import { channelDefaultLabel, setChannelDefault } from '../../../spaces/channel-defaults';
import { code } from '../../blocks/format';
import type { SlackMessage } from '../../blocks/message';
import { notice } from '../../blocks/notice';
import type { ListenerDeps, Requester } from '../listener-deps';

/**
 * `use <space>`, `use <cluster>/` set the channel's default (operators of it, or anyone when no
 * policy is configured); `use` shows it, unless it is a space the caller may not view.
 */
export async function useCommand(deps: ListenerDeps, requester: Requester, target?: string): Promise<SlackMessage> {
  const { command } = deps;
  if (!target) {
    const current = deps.channels.channelDefault(requester.channelId);
    if (current?.space && !mayView(await roleIn(deps.policy, deps.groups, requester.userId, { cluster: current.cluster, space: current.space }, 'cached'))) {
      return notice(":pushpin: This channel's default space is one you may not view.");
    }
    if (current?.space) return notice(`:pushpin: This channel's default space is ${code(channelDefaultLabel(current))} (set by <@${current.setBy}>).`);
    if (current)
      return notice(`:pushpin: This channel's default is the cluster ${code(current.cluster ?? '')} (set by <@${current.setBy}>): names typed here are looked up in it.`);
    if (deps.defaultSpace) return notice(`:pushpin: This channel has no default; the bot's default space is ${code(deps.defaultSpace)}.`);
    return notice(':pushpin: This channel has no default space.', `Set one with \`${command} use nba\`.`);
  }
  const chosen = await setChannelDefault(deps, requester, target);
  if (chosen.space === null) {
    return notice(
      `:pushpin: The cluster ${code(chosen.cluster)} is now this channel's default: space names typed here are looked up in it.`,
      `\`${command} spaces ${chosen.cluster}\` lists its spaces.`,
    );
  }
  return notice(
    `:pushpin: ${code(channelDefaultLabel(chosen))} is now this channel's default space.`,
    `\`${command} list\` shows its jobs; typed \`stop\`/\`recover\` name it before anything is sent.`,
  );
}
