import type { BlockAction } from '@slack/bolt';
import { refreshLook } from '../../alerts/follow-display';
import { RESPONSE_URL_USES } from '../../alerts/follows';
import { listingFingerprint } from '../../alerts/list-refresh-plan';
import { jobListMessage } from '../blocks/job-list';
import type { SlackMessage } from '../blocks/message';
import type { ListView } from '../interactive/list-view';
import { clickedMessage, requesterOf } from './actions/interaction';
import { readListing } from './job-views';
import type { ListenerDeps } from './listener-deps';
import { pickerChoices } from './picker-choices';

/**
 * A list drawn for a click on it. When the message refreshes itself, its refresh now shows this
 * view (a page or filter change), with the fresh response_url of this click, and the message
 * keeps saying so.
 */
export async function listForClick(deps: ListenerDeps, body: BlockAction, view: ListView, banner?: string): Promise<SlackMessage> {
  const [listing, picker] = await Promise.all([readListing(deps, view), pickerChoices(deps, requesterOf(body).userId, view, view.share)]);
  const clicked = clickedMessage(body);
  let active = clicked ? deps.refreshes.at(clicked) : null;
  if (active && active.until.getTime() <= deps.now().getTime()) active = null;
  if (active) {
    const change = { list: view, drawn: listingFingerprint(listing), ...(body.response_url ? { responseUrl: body.response_url, usesLeft: RESPONSE_URL_USES - 1 } : {}) };
    deps.refreshes.update(active.id, change);
    active = { ...active, ...change };
  }
  return jobListMessage(listing, view.share, deps.now(), { banner, refresh: active ? refreshLook(active) : undefined, picker });
}
