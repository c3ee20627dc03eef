import type { BlockAction, BlockElementAction } from '@slack/bolt';
import { requireView } from '../../../access/view-access';
import { autoRefreshChoice, startAutoRefresh, stopAutoRefresh } from '../../../alerts/auto-refresh';
import type { SlackMessage } from '../../blocks/message';
import { LIST_FILTERS_BLOCK } from '../../interactive/action-ids';
import { decodeListView } from '../../interactive/list-view';
import { staleMessage } from '../../interactive/stale-message';
import { listForClick } from '../list-refresh-view';
import { type ListenerDeps, spaceLookup } from '../listener-deps';
import { actionValue, clickedMessage } from './interaction';

/**
 * The list's auto-refresh select (alerts/auto-refresh.ts decides how long and through what the
 * list is redrawn). The answer to the click is the list, redrawn in place, saying so.
 */
export async function changeAutoRefresh(deps: ListenerDeps, body: BlockAction, action: BlockElementAction): Promise<SlackMessage> {
  if (!action.block_id.startsWith(LIST_FILTERS_BLOCK)) throw staleMessage();
  const view = await decodeListView(action.block_id.slice(LIST_FILTERS_BLOCK.length), spaceLookup(deps));
  const userId = body.user.id;
  await requireView(deps, userId, view);
  const choice = autoRefreshChoice(actionValue(action));
  if (!choice) throw staleMessage();
  const clicked = clickedMessage(body);
  if (choice.kind === 'off') {
    stopAutoRefresh(deps, clicked);
    return { ...(await listForClick(deps, body, view, ':pause_button: Auto-refresh is off.')), replace_original: true };
  }
  const message = clicked ? { ...clicked, responseUrl: body.response_url ?? null } : null;
  return startAutoRefresh(deps, { userId, list: view, everyMs: choice.everyMs, message }, async () => ({
    ...(await listForClick(deps, body, view)),
    replace_original: true,
  }));
}
