import type { BlockAction, BlockElementAction } from '@slack/bolt';
import type { SlackMessage } from '../../blocks/message';
import { decodeJobRef } from '../../interactive/job-ref';
import { viewDetail } from '../job-views';
import { type ListenerDeps, spaceLookup } from '../listener-deps';
import { actionValue, requesterOf } from './interaction';

/** Details opens a new message for the clicker, leaving the (possibly shared) list alone. */
export async function openDetails(deps: ListenerDeps, body: BlockAction, action: BlockElementAction): Promise<SlackMessage> {
  const detail = await viewDetail(deps, requesterOf(body).userId, await decodeJobRef(actionValue(action), spaceLookup(deps)));
  return { ...detail, response_type: 'ephemeral', replace_original: false };
}

export async function refreshDetails(deps: ListenerDeps, body: BlockAction, action: BlockElementAction): Promise<SlackMessage> {
  return { ...(await viewDetail(deps, requesterOf(body).userId, await decodeJobRef(actionValue(action), spaceLookup(deps)))), replace_original: true };
}
