import type { App, BlockAction, BlockElementAction } from '@slack/bolt';
import { ActionId } from '../action-ids';
import { SlackMessage } from '../blocks/message';
import { SlackServices } from '../services';
import { approvalClick } from './approval-buttons';
import { answerInteraction, requesterOf } from './interaction';
import { jobActionClick } from './job-action-buttons';
import { openDetails, refreshDetails } from './job-details';
import { changeRange, changeStatus, pageOrRefresh } from './list-actions';

type Handler = (services: SlackServices, body: BlockAction, action: BlockElementAction) => Promise<SlackMessage>;

const HANDLERS: Record<string, Handler> = {
  [ActionId.listPrevious]: (s, _b, a) => pageOrRefresh(s, a),
  [ActionId.listNext]: (s, _b, a) => pageOrRefresh(s, a),
  [ActionId.listRefresh]: (s, _b, a) => pageOrRefresh(s, a),
  [ActionId.listStatus]: changeStatus,
  [ActionId.listRange]: changeRange,
  [ActionId.jobDetails]: (s, _b, a) => openDetails(s, a),
  [ActionId.jobRefresh]: (s, _b, a) => refreshDetails(s, a),
  [ActionId.jobStop]: jobActionClick('stop'),
  [ActionId.jobRecover]: jobActionClick('recover'),
  [ActionId.approve]: approvalClick('approve'),
  [ActionId.reject]: approvalClick('reject'),
};

/** Buttons and selects: ack at once, then re-read graphd and answer through the response_url. */
export function registerActions(app: App, services: SlackServices): void {
  for (const [actionId, handler] of Object.entries(HANDLERS)) {
    app.action<BlockAction>(actionId, async ({ ack, body, action, respond }) => {
      await ack();
      const context = { actionId, requester: requesterOf(body) };
      await services.work.run(() => answerInteraction(services, respond, context, () => handler(services, body, action)));
    });
  }
}
