import type { App } from '@slack/bolt';
import { channelDefaultLabel } from '../../../spaces/channel-defaults';
import { spaceLabel } from '../../../spaces/space-ref';
import { introMessage } from '../../blocks/intro';
import { slackErrorReason } from '../../web-api/slack-errors';
import type { ListenerDeps } from '../listener-deps';
import { SeenEvents } from './seen-events';

/**
 * When the bot itself joins a channel, it introduces itself there once. Bolt keeps this event
 * even when its user is the bot (ignoreSelf lets member_joined_channel through); everyone
 * else's joins are ignored.
 */
export function registerMemberJoinedChannel(app: App, deps: ListenerDeps): void {
  const seen = new SeenEvents();
  app.event('member_joined_channel', async ({ event, context, body }) => {
    if (!context.botUserId || event.user !== context.botUserId) return;
    if (!seen.first(body.event_id ?? `${event.channel}:${event.event_ts}`)) return;
    const channelDefault = deps.channels.channelDefault(event.channel);
    const message = introMessage({
      command: deps.command,
      defaultSpace: channelDefault ? channelDefaultLabel(channelDefault) : undefined,
      subscribedSpaces: deps.subscriptions.inChannel(event.channel).map(spaceLabel),
    });
    try {
      await deps.poster.post(event.channel, message);
      deps.logger.info('slack.intro', { channel: event.channel, inviter: event.inviter });
    } catch (error) {
      deps.logger.warn('slack.intro_failed', { channel: event.channel, error: slackErrorReason(error) });
    }
  });
}
