import type { BlockAction, BlockElementAction } from '@slack/bolt';
import { Requester } from '../listener-deps';

/** The clicker and place, taken from Slack's signed payload. */
export function requesterOf(body: BlockAction): Requester {
  return { userId: body.user.id, channelId: body.channel?.id ?? body.container?.channel_id ?? '' };
}

export function valueOf(action: BlockElementAction): string | undefined {
  if (action.type === 'button') return action.value;
  if (action.type === 'static_select') return action.selected_option?.value;
  return undefined;
}
