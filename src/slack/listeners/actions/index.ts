import type { App, BlockAction, BlockElementAction } from '@slack/bolt';
import type { SlackMessage } from '../../blocks/message';
import { ActionId } from '../../interactive/action-ids';
import { answer, toResponseUrl } from '../answer';
import type { ListenerDeps } from '../listener-deps';
import { approvalClick } from './approval-buttons';
import { registerHomeOpenJobs } from './home-open-jobs';
import { requesterOf } from './interaction';
import { jobActionClick } from './job-action-buttons';
import { openDetails, refreshDetails } from './job-details';
import { changeRange, changeStatus, pageOrRefresh } from './list-actions';
import { changeAutoRefresh } from './list-auto-refresh';
import { pickCluster, pickSpace } from './space-pickers';
import { unwatchClick, watchClick } from './watch-buttons';

type Handler = (deps: ListenerDeps, body: BlockAction, action: BlockElementAction) => Promise<SlackMessage>;

const HANDLERS: Record<string, Handler> = {
  [ActionId.listPrevious]: pageOrRefresh,
  [ActionId.listNext]: pageOrRefresh,
  [ActionId.listRefresh]: pageOrRefresh,
  [ActionId.listStatus]: changeStatus,
  [ActionId.listRange]: changeRange,
  [ActionId.pickCluster]: pickCluster,
  [ActionId.pickSpace]: pickSpace,
  [ActionId.jobDetails]: openDetails,
  [ActionId.jobRefresh]: refreshDetails,
  [ActionId.jobStop]: jobActionClick('stop'),
  [ActionId.jobRecover]: jobActionClick('recover'),
  [ActionId.approve]: approvalClick('approve'),
  [ActionId.reject]: approvalClick('reject'),
  [ActionId.jobWatch]: watchClick,
  [ActionId.jobUnwatch]: unwatchClick,
  [ActionId.listAutoRefresh]: changeAutoRefresh,
};

const escaped = (id: string): string => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const HANDLED = new RegExp(`^(?:${Object.keys(HANDLERS).map(escaped).join('|')})$`);

/**
 * Buttons and selects: ack at once, then re-read graphd and answer through the response_url.
 * One Bolt listener for them all: Bolt runs every listener's middleware chain on every request.
 */
export function registerActions(app: App, deps: ListenerDeps): void {
  app.action<BlockAction>({ action_id: HANDLED }, async ({ ack, body, action }) => {
    await ack();
    const actionId = action.action_id;
    const handler = HANDLERS[actionId];
    answer(deps, toResponseUrl(deps, body.response_url), { surface: 'action', requester: requesterOf(body), name: actionId }, () => handler(deps, body, action));
  });
  registerHomeOpenJobs(app, deps);
}
