import type { App, BlockAction } from '@slack/bolt';
import { mayViewSpace } from '../../../access/viewable-spaces';
import { JobsError } from '../../../jobs/jobs-error';
import { HomeActionId } from '../../blocks/home';
import { SlackMessage } from '../../blocks/message';
import { decodeListView } from '../../interactive/list-view';
import { valueOf } from '../actions/interaction';
import { answer } from '../answer';
import { listMessage } from '../job-views';
import { ListenerDeps } from '../listener-deps';

/**
 * The Home tab's "Open jobs": a Home tab has no response_url, so the list goes to the clicker
 * in the app's Messages tab (chat.postMessage to their user id). There it is an ordinary
 * message, and its paging, filters, Details, Stop and Recover work as anywhere else.
 */
export function registerHomeOpenJobs(app: App, deps: ListenerDeps): void {
  app.action<BlockAction>(HomeActionId.openJobs, async ({ ack, body, action }) => {
    await ack();
    const userId = body.user.id;
    const toUser = (message: SlackMessage): Promise<unknown> => deps.poster.post(userId, message);
    await answer(deps, toUser, { surface: 'action', requester: { userId, channelId: userId }, name: HomeActionId.openJobs }, async () => {
      const view = decodeListView(valueOf(action));
      if (!(await mayViewSpace(deps, userId, view.space))) {
        throw new JobsError('not-allowed', `You may not see the jobs of \`${view.space}\`.`, 'Ask an admin of the bot for a role in it.');
      }
      return listMessage(deps, view);
    });
  });
}
