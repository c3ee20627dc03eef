import type { BlockAction, BlockElementAction } from '@slack/bolt';
import { JobQuery, QUICK_RANGES } from '../../jobs/job-query';
import { listJobs } from '../../jobs/list-jobs';
import { LIST_FILTERS_BLOCK } from '../action-ids';
import { jobListMessage } from '../blocks/job-list';
import { SlackMessage } from '../blocks/message';
import { parseStatuses } from '../command-text';
import { decodeListView, ListView, staleMessage } from '../list-view';
import { SlackServices } from '../services';
import { valueOf } from './interaction';

async function render(services: SlackServices, view: ListView): Promise<SlackMessage> {
  const listing = await listJobs(services.gateway, { space: view.space, query: view.query, page: view.page }, services.now);
  return { ...jobListMessage(listing, view.share, services.now()), replace_original: true };
}

/** Previous, Next and Refresh carry the whole view in their value. */
export function pageOrRefresh(services: SlackServices, action: BlockElementAction): Promise<SlackMessage> {
  return render(services, decodeListView(valueOf(action)));
}

/** The selects' view lives in their row's block_id; a change goes back to page 1. */
function viewOfFilterRow(action: BlockElementAction): ListView {
  if (!action.block_id.startsWith(LIST_FILTERS_BLOCK)) throw staleMessage();
  return { ...decodeListView(action.block_id.slice(LIST_FILTERS_BLOCK.length)), page: 0 };
}

export function changeStatus(services: SlackServices, _body: BlockAction, action: BlockElementAction): Promise<SlackMessage> {
  const view = viewOfFilterRow(action);
  const selected = valueOf(action) ?? 'ALL';
  const query: JobQuery = { ...view.query, statuses: selected === 'ALL' ? [] : parseStatuses(selected) };
  return render(services, { ...view, query });
}

export function changeRange(services: SlackServices, _body: BlockAction, action: BlockElementAction): Promise<SlackMessage> {
  const view = viewOfFilterRow(action);
  const selected = valueOf(action) ?? '';
  if (selected === 'custom') return render(services, view);
  if (!(QUICK_RANGES as readonly string[]).includes(selected)) throw staleMessage();
  const { until: _dropped, ...rest } = view.query;
  return render(services, { ...view, query: { ...rest, since: selected } });
}
