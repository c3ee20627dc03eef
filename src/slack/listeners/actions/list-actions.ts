import type { BlockAction, BlockElementAction } from '@slack/bolt';
import { requireView } from '../../../access/view-access';
import { type JobQuery, QUICK_RANGES } from '../../../jobs/job-query';
import type { SlackMessage } from '../../blocks/message';
import { LIST_FILTERS_BLOCK } from '../../interactive/action-ids';
import { decodeListView, type ListView } from '../../interactive/list-view';
import { staleMessage } from '../../interactive/stale-message';
import { parseStatuses } from '../commands/command-text';
import { listForClick } from '../list-refresh-view';
import { type ListenerDeps, spaceLookup } from '../listener-deps';
import { actionValue, requesterOf } from './interaction';

/** The list redrawn in place, for whoever clicked: they must be allowed to view its space. */
async function render(deps: ListenerDeps, body: BlockAction, view: ListView): Promise<SlackMessage> {
  await requireView(deps, requesterOf(body).userId, view);
  // An auto-refreshing list keeps refreshing, now with this view (list-refresh-view.ts).
  return { ...(await listForClick(deps, body, view)), replace_original: true };
}

/** Previous, Next and Refresh carry the whole view in their value. */
export async function pageOrRefresh(deps: ListenerDeps, body: BlockAction, action: BlockElementAction): Promise<SlackMessage> {
  return render(deps, body, await decodeListView(actionValue(action), spaceLookup(deps)));
}

/** The selects' view lives in their row's block_id; a change goes back to page 1. */
async function viewOfFilterRow(deps: ListenerDeps, action: BlockElementAction): Promise<ListView> {
  if (!action.block_id.startsWith(LIST_FILTERS_BLOCK)) throw staleMessage();
  return { ...(await decodeListView(action.block_id.slice(LIST_FILTERS_BLOCK.length), spaceLookup(deps))), page: 0 };
}

export async function changeStatus(deps: ListenerDeps, body: BlockAction, action: BlockElementAction): Promise<SlackMessage> {
  const view = await viewOfFilterRow(deps, action);
  const selected = actionValue(action) ?? 'ALL';
  const query: JobQuery = { ...view.query, statuses: selected === 'ALL' ? [] : parseStatuses(selected) };
  return render(deps, body, { ...view, query });
}

export async function changeRange(deps: ListenerDeps, body: BlockAction, action: BlockElementAction): Promise<SlackMessage> {
  const view = await viewOfFilterRow(deps, action);
  const selected = actionValue(action) ?? '';
  if (selected === 'custom') return render(deps, body, view);
  if (!(QUICK_RANGES as readonly string[]).includes(selected)) throw staleMessage();
  const { until: _dropped, ...rest } = view.query;
  return render(deps, body, { ...view, query: { ...rest, since: selected } });
}
