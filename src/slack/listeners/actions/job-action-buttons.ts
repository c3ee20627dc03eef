import type { BlockAction, BlockElementAction } from '@slack/bolt';
import type { JobAction } from '../../../jobs/rules';
import type { SlackMessage } from '../../blocks/message';
import { decodeJobAction } from '../../interactive/job-ref';
import { runJobAction } from '../job-action';
import { type ListenerDeps, spaceLookup } from '../listener-deps';
import { actionValue, clickedMessage, requesterOf } from './interaction';

/** Stop / Recover clicks: the value only names the job; who clicked comes from the signed payload. */
export function jobActionClick(action: JobAction) {
  return async (deps: ListenerDeps, body: BlockAction, element: BlockElementAction): Promise<SlackMessage> => {
    const { ref, origin } = await decodeJobAction(actionValue(element), spaceLookup(deps));
    return runJobAction(deps, { ...requesterOf(body), responseUrl: body.response_url ?? null }, ref, action, origin, clickedMessage(body));
  };
}
