import type { types } from '@slack/bolt';
import { DEFAULT_CLUSTER } from '../../spaces/space-ref';
import { ActionId, SPACE_PICKER_BLOCK } from '../interactive/action-ids';
import { encodeListView, ListView } from '../interactive/list-view';
import { spaceKey } from '../interactive/space-key';
import { Block, mrkdwn, plain } from './message';

/** Slack's ceiling on a static select's options. */
export const MAX_PICKER_OPTIONS = 100;

/** What a message's pickers offer: chosen by the listeners for whoever the message is drawn for. */
export interface SpacePicker {
  /** Every cluster the bot serves, in configuration order; a select only with more than one. */
  clusters: string[];
  /** Spaces of the shown cluster to offer, by name (the shown one among them). */
  spaces: string[];
  /** Further spaces of that cluster that did not fit. */
  more: number;
}

function option(text: string, value: string): types.PlainTextOption {
  return { text: plain(text), value };
}

/**
 * A cluster select and a space select, redrawing the message in place. Option values are
 * cluster names and space keys (space-key.ts: 64 characters at most, so within Slack's 75); the
 * row's block_id carries `from`, the list a pick starts from.
 */
export function spacePickerBlocks(picker: SpacePicker | undefined, from: ListView): Block[] {
  if (!picker) return [];
  const elements: types.StaticSelect[] = [];
  if (picker.clusters.length > 1) {
    const options = picker.clusters.slice(0, MAX_PICKER_OPTIONS).map((cluster) => option(cluster, cluster));
    elements.push({ type: 'static_select', action_id: ActionId.pickCluster, placeholder: plain('Cluster'), options, initial_option: options.find((o) => o.value === from.cluster) });
  }
  const spaces = picker.spaces.slice(0, MAX_PICKER_OPTIONS);
  if (spaces.length > 1 || (elements.length > 0 && spaces.length > 0)) {
    const options = spaces.map((space) => option(space, spaceKey(space)));
    const current = options.find((o) => o.value === spaceKey(from.space));
    elements.push({ type: 'static_select', action_id: ActionId.pickSpace, placeholder: plain('Space'), options, ...(current ? { initial_option: current } : {}) });
  }
  if (elements.length === 0) return [];
  const more = picker.more + Math.max(0, picker.spaces.length - spaces.length);
  const blocks: Block[] = [{ type: 'actions', block_id: `${SPACE_PICKER_BLOCK}${encodeListView(from)}`, elements }];
  if (more > 0) {
    const typed = from.cluster === DEFAULT_CLUSTER ? 'NAME' : `${from.cluster}/NAME`;
    const text = `The space menu shows ${spaces.length} of the ${spaces.length + more} spaces you may view in \`${from.cluster}\`; for another, type \`list ${typed}\`.`;
    blocks.push({ type: 'context', elements: [mrkdwn(text)] });
  }
  return blocks;
}
