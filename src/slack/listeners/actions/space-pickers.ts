import type { BlockAction, BlockElementAction } from '@slack/bolt';
import { viewableSpaces } from '../../../access/view-access';
import { JobsError } from '../../../jobs/jobs-error';
import type { SlackMessage } from '../../blocks/message';
import { SPACE_PICKER_BLOCK } from '../../interactive/action-ids';
import { decodeListView, type ListView } from '../../interactive/list-view';
import { isSpaceHandle, resolveHandle } from '../../interactive/space-key';
import { staleMessage } from '../../interactive/stale-message';
import { viewList } from '../job-views';
import { type ListenerDeps, spaceLookup } from '../listener-deps';
import { actionValue, requesterOf } from './interaction';

/** The list a pick starts from lives in the picker row's block_id (a detail's: its space's default list). */
async function viewOfPickerRow(deps: ListenerDeps, action: BlockElementAction): Promise<ListView> {
  if (!action.block_id.startsWith(SPACE_PICKER_BLOCK)) throw staleMessage();
  return decodeListView(action.block_id.slice(SPACE_PICKER_BLOCK.length), spaceLookup(deps));
}

/** The chosen space's list, page 1, with the same filters, in place of the message; for whoever picked, if they may view it. */
async function render(deps: ListenerDeps, body: BlockAction, view: ListView): Promise<SlackMessage> {
  return { ...(await viewList(deps, requesterOf(body).userId, { ...view, page: 0 })), replace_original: true };
}

/** Another cluster: its space of the same name when the picker may view one, else its first such space. */
export async function pickCluster(deps: ListenerDeps, body: BlockAction, action: BlockElementAction): Promise<SlackMessage> {
  const from = await viewOfPickerRow(deps, action);
  const cluster = actionValue(action) ?? '';
  if (!deps.gateway.clusters().some((c) => c.name === cluster)) throw staleMessage();
  if (cluster === from.cluster) return render(deps, body, from);
  const names = await deps.gateway.listSpaces(cluster);
  const spaces = await viewableSpaces(
    deps,
    requesterOf(body).userId,
    names.map((space) => ({ cluster, space })),
  );
  const target = spaces.find((ref) => ref.space === from.space) ?? spaces[0];
  if (!target) {
    throw new JobsError('not-allowed', `There is no graph space of \`${cluster}\` you may view.`, `\`${deps.command} spaces\` lists the ones you may.`);
  }
  return render(deps, body, { ...from, cluster, space: target.space });
}

/** Another space of the shown cluster, by its key (space-key.ts), found again among the names graphd lists. */
export async function pickSpace(deps: ListenerDeps, body: BlockAction, action: BlockElementAction): Promise<SlackMessage> {
  const from = await viewOfPickerRow(deps, action);
  const key = actionValue(action);
  if (!isSpaceHandle(from.cluster, key)) throw staleMessage();
  const { space } = await resolveHandle({ cluster: from.cluster, key: key as string }, spaceLookup(deps));
  return render(deps, body, { ...from, space });
}
