import type { App, BlockAction } from '@slack/bolt';
import type { SlackMessage } from '../../blocks/message';
import { ActionId } from '../../interactive/action-ids';
import { decodeListView } from '../../interactive/list-view';
import { answer } from '../answer';
import { viewList } from '../job-views';
import { type ListenerDeps, spaceLookup } from '../listener-deps';
import { actionValue } from './interaction';

/**
 * The Home tab's "Open jobs": a Home tab has no response_url, so the list goes to the clicker
 * in the app's Messages tab (chat.postMessage to their user id). There it is an ordinary
 * message, and its paging, filters, Details, Stop and Recover work as anywhere else.
 */
export function registerHomeOpenJobs(app: App, deps: ListenerDeps): void {
  app.action<BlockAction>(ActionId.homeOpenJobs, async ({ ack, body, action }) => {
    await ack();
    const userId = body.user.id;
    const toUser = (message: SlackMessage): Promise<unknown> => deps.poster.post(userId, message);
    answer(deps, toUser, { surface: 'action', requester: { userId, channelId: userId }, name: ActionId.homeOpenJobs }, async () => {
      return viewList(deps, userId, await decodeListView(actionValue(action), spaceLookup(deps)));
    });
  });
}
