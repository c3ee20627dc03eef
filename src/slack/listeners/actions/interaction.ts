import type { BlockAction, BlockElementAction } from '@slack/bolt';
import type { Requester } from '../listener-deps';

/** The clicker and place, taken from Slack's signed payload. */
export function requesterOf(body: BlockAction): Requester {
  return { userId: body.user.id, channelId: body.channel?.id ?? body.container?.channel_id ?? '' };
}

export function actionValue(action: BlockElementAction): string | undefined {
  if (action.type === 'button') return action.value;
  if (action.type === 'static_select') return action.selected_option?.value;
  return undefined;
}

/** The message clicked, and whether only the clicker sees it (null for a click outside a message, e.g. the Home tab). */
export function clickedMessage(body: BlockAction): { channel: string; ts: string; ephemeral: boolean } | null {
  const container = body.container as { message_ts?: unknown; channel_id?: unknown; is_ephemeral?: unknown } | undefined;
  if (typeof container?.message_ts !== 'string' || typeof container.channel_id !== 'string') return null;
  return { channel: container.channel_id, ts: container.message_ts, ephemeral: container.is_ephemeral === true };
}
