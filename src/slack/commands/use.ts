import { JobsError } from '../../jobs/jobs-error';
import { code } from '../blocks/format';
import { SlackMessage } from '../blocks/message';
import { notice } from '../blocks/notice';
import { Requester, SlackServices } from '../services';

/** `use <space>` sets the channel's default space (after checking graphd has it); `use` shows it. */
export async function useCommand(services: SlackServices, requester: Requester, space?: string): Promise<SlackMessage> {
  const { command } = services;
  if (!space) {
    const current = services.channels.defaultSpace(requester.channelId);
    if (current) return notice(`:pushpin: This channel's default space is ${code(current.space)} (set by <@${current.setBy}>).`);
    if (services.defaultSpace) return notice(`:pushpin: This channel has no default; the bot's default space is ${code(services.defaultSpace)}.`);
    return notice(':pushpin: This channel has no default space.', `Set one with \`${command} use nba\`.`);
  }
  const spaces = await services.gateway.listSpaces();
  if (!spaces.includes(space)) {
    throw new JobsError('space-not-found', `Graph space \`${space}\` does not exist or the bot cannot see it.`, `\`${command} spaces\` lists the spaces the bot can see.`);
  }
  services.channels.setDefaultSpace(requester.channelId, space, requester.userId, services.now());
  services.logger.info('channel.default_space', { channel: requester.channelId, user: requester.userId, space });
  return notice(`:pushpin: ${code(space)} is now this channel's default space.`, `\`${command} list\` shows its jobs.`);
}
