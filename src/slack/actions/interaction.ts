import type { BlockAction, BlockElementAction } from '@slack/bolt';
import { SlackMessage } from '../blocks/message';
import { errorReply } from '../replies';
import { Requester, SlackServices } from '../services';

type Respond = (message: SlackMessage) => Promise<unknown>;

/** The clicker and place, taken from Slack's signed payload. */
export function requesterOf(body: BlockAction): Requester {
  return { userId: body.user.id, channelId: body.channel?.id ?? body.container?.channel_id ?? '' };
}

export function valueOf(action: BlockElementAction): string | undefined {
  if (action.type === 'button') return action.value;
  if (action.type === 'static_select') return action.selected_option?.value;
  return undefined;
}

/**
 * Runs an interaction's work after the ack and sends the result. A failure goes to the clicker
 * as a new ephemeral message, so the message they clicked stays as it was.
 */
export async function answerInteraction(services: SlackServices, respond: Respond, work: () => Promise<SlackMessage>): Promise<void> {
  let reply: SlackMessage;
  try {
    reply = await work();
  } catch (error) {
    reply = { ...errorReply(error, services.logger), response_type: 'ephemeral', replace_original: false };
  }
  await respond(reply).catch((error: unknown) => services.logger.warn('slack.respond_failed', { error }));
}
