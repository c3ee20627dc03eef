import type { BlockAction, BlockElementAction } from '@slack/bolt';
import { requireView } from '../../../access/view-access';
import { MAX_LIST_REFRESHES, RESPONSE_URL_REFRESH_MS, RESPONSE_URL_USES } from '../../../alerts/follows';
import { AUTO_REFRESH_CHOICES, AUTO_REFRESH_MS } from '../../../alerts/list-refresh-plan';
import { JobsError } from '../../../jobs/jobs-error';
import { AUTO_REFRESH_OFF } from '../../blocks/follow-controls';
import type { SlackMessage } from '../../blocks/message';
import { LIST_FILTERS_BLOCK } from '../../interactive/action-ids';
import { decodeListView } from '../../interactive/list-view';
import { staleMessage } from '../../interactive/stale-message';
import { listForClick } from '../list-refresh-view';
import { type ListenerDeps, spaceLookup } from '../listener-deps';
import { actionValue, clickedMessage } from './interaction';

/**
 * The list's auto-refresh select. A message the bot may update is redrawn with chat.update every
 * interval for 30 minutes; a list only the clicker sees can be redrawn only through this click's
 * response_url (5 uses in 30 minutes, this answer being the first), so it is redrawn only when a
 * job changes, and stops before the URL runs out, saying so each time.
 */
export async function changeAutoRefresh(deps: ListenerDeps, body: BlockAction, action: BlockElementAction): Promise<SlackMessage> {
  if (!action.block_id.startsWith(LIST_FILTERS_BLOCK)) throw staleMessage();
  const view = await decodeListView(action.block_id.slice(LIST_FILTERS_BLOCK.length), spaceLookup(deps));
  const userId = body.user.id;
  await requireView(deps, userId, view);
  const clicked = clickedMessage(body);
  const choice = actionValue(action) ?? AUTO_REFRESH_OFF;
  const everyMs = AUTO_REFRESH_CHOICES[choice];
  if (choice !== AUTO_REFRESH_OFF && everyMs === undefined) throw staleMessage();
  const active = clicked ? deps.refreshes.at(clicked) : null;
  if (everyMs === undefined || !clicked) {
    if (active) deps.refreshes.remove(active.id);
    if (everyMs !== undefined) throw new JobsError('invalid-input', 'This list cannot refresh itself here.', 'Run `list` again in a channel or in your messages with the bot.');
    return { ...(await listForClick(deps, body, view, ':pause_button: Auto-refresh is off.')), replace_original: true };
  }
  if (!active && deps.refreshes.count() >= MAX_LIST_REFRESHES) {
    throw new JobsError(
      'invalid-input',
      `${MAX_LIST_REFRESHES} lists are refreshing themselves already, as many as the bot reads from NebulaGraph for that.`,
      'Use Refresh, or try again in a while.',
    );
  }
  const now = deps.now();
  const limited = clicked.ephemeral;
  const refresh = deps.refreshes.start({
    userId,
    list: view,
    everyMs,
    message: { channel: clicked.channel, ts: clicked.ts },
    surface: limited ? 'response-url' : 'message',
    // Kept for a shared message too: if chat.update is refused for it, the refresh goes on through it.
    responseUrl: body.response_url ?? null,
    usesLeft: body.response_url ? RESPONSE_URL_USES - 1 : 0,
    drawn: null, // recorded by the drawing below, as for any click on a refreshing list
    startedAt: now,
    until: new Date(now.getTime() + (limited ? RESPONSE_URL_REFRESH_MS : AUTO_REFRESH_MS)),
  });
  try {
    return { ...(await listForClick(deps, body, view)), replace_original: true };
  } catch (error) {
    // The clicker never saw it refreshing: nothing refreshes.
    deps.refreshes.remove(refresh.id);
    throw error;
  }
}
