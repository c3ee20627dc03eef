import type { BlockElementAction } from '@slack/bolt';
import { SlackMessage } from '../../blocks/message';
import { decodeJobRef } from '../../interactive/job-ref';
import { detailMessage } from '../job-views';
import { ListenerDeps } from '../listener-deps';
import { valueOf } from './interaction';

/** Details opens a new message for the clicker, leaving the (possibly shared) list alone. */
export async function openDetails(deps: ListenerDeps, action: BlockElementAction): Promise<SlackMessage> {
  return { ...(await detailMessage(deps, decodeJobRef(valueOf(action)))), response_type: 'ephemeral', replace_original: false };
}

export async function refreshDetails(deps: ListenerDeps, action: BlockElementAction): Promise<SlackMessage> {
  return { ...(await detailMessage(deps, decodeJobRef(valueOf(action)))), replace_original: true };
}
