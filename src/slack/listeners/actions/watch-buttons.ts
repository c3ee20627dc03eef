import type { BlockAction, BlockElementAction } from '@slack/bolt';
import type { SlackMessage } from '../../blocks/message';
import { decodeJobRef } from '../../interactive/job-ref';
import { type ListenerDeps, spaceLookup } from '../listener-deps';
import { startWatching, unwatchClicked } from '../watch-flow';
import { actionValue } from './interaction';

/** Watch on a list or detail: the message clicked stays as it is; the answer goes to the clicker alone. */
export async function watchClick(deps: ListenerDeps, body: BlockAction, action: BlockElementAction): Promise<SlackMessage> {
  const ref = await decodeJobRef(actionValue(action), spaceLookup(deps));
  return { ...(await startWatching(deps, body.user.id, ref)), response_type: 'ephemeral', replace_original: false };
}

/** Unwatch on a watched copy: only the clicker's own watch is ended. */
export async function unwatchClick(deps: ListenerDeps, body: BlockAction, action: BlockElementAction): Promise<SlackMessage> {
  return unwatchClicked(deps, body.user.id, await decodeJobRef(actionValue(action), spaceLookup(deps)));
}
