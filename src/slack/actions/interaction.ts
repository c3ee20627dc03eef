import type { BlockAction, BlockElementAction } from '@slack/bolt';
import { isJobsError } from '../../jobs/jobs-error';
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
export async function answerInteraction(
  services: SlackServices,
  respond: Respond,
  context: { actionId: string; requester: Requester },
  work: () => Promise<SlackMessage>,
): Promise<void> {
  const started = Date.now();
  let reply: SlackMessage;
  let failure: string | undefined;
  try {
    reply = await work();
  } catch (error) {
    failure = isJobsError(error) ? error.kind : 'unexpected';
    reply = { ...errorReply(error, services.logger), response_type: 'ephemeral', replace_original: false };
  }
  await respond(reply).catch((error: unknown) => services.logger.warn('slack.respond_failed', { error }));
  services.logger.info('slack.action', { user: context.requester.userId, channel: context.requester.channelId, action: context.actionId, failure, ms: Date.now() - started });
}
