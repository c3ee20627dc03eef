import type { types } from '@slack/bolt';
import { DEFAULT_CLUSTER } from '../../spaces/space-ref';
import { ActionId, SPACE_PICKER_BLOCK } from '../interactive/action-ids';
import { encodeListView, type ListView } from '../interactive/list-view';
import { spaceKey } from '../interactive/space-key';
import { type Block, mrkdwn, plain } from './message';

/** Slack's ceiling on a static select's options. */
export const MAX_PICKER_OPTIONS = 100;

/** Text a message may hold in all its text objects: Slack refuses around 13,000 characters. */
const MESSAGE_TEXT_BUDGET = 12_000;

/** What a message's pickers offer: chosen by the listeners for whoever the message is drawn for. */
export interface SpacePicker {
  /** Every cluster the bot serves, in configuration order; a select only with more than one. */
  clusters: string[];
  /** Spaces of the shown cluster to offer, by name (the shown one among them). */
  spaces: string[];
  /** Further spaces of that cluster that did not fit. */
  more: number;
}

/** Characters in every text object of some blocks, as Slack's size limit counts them. */
function textLength(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + textLength(item), 0);
  if (!value || typeof value !== 'object') return 0;
  const object = value as Record<string, unknown>;
  const own = (object.type === 'plain_text' || object.type === 'mrkdwn') && typeof object.text === 'string' ? [...object.text].length : 0;
  return own + Object.entries(object).reduce((sum, [key, inner]) => sum + (key === 'text' && own ? 0 : textLength(inner)), 0);
}

/** A name as an option shows it: within Slack's 75 characters, cut in the middle so names sharing a long prefix stay apart. */
function optionText(name: string): string {
  const chars = [...name];
  return chars.length <= 75 ? name : `${chars.slice(0, 36).join('')}…${chars.slice(-38).join('')}`;
}

function option(text: string, value: string): types.PlainTextOption {
  return { text: plain(text), value };
}

/** Reserved for the "more spaces" line and the placeholders. */
const OVERHEAD = 200;

/**
 * A cluster select and a space select, redrawing the message in place. Option values are
 * cluster names and space keys (space-key.ts: 64 characters at most, so within Slack's 75); the
 * row's block_id carries `from`, the list a pick starts from. The options fit in `budget`
 * characters of text (what the rest of the message leaves): fewer spaces when names are long,
 * the shown one always first among them, the others counted as more.
 */
function spacePickerBlocks(picker: SpacePicker | undefined, from: ListView, budget = MESSAGE_TEXT_BUDGET): Block[] {
  if (!picker) return [];
  let left = budget - OVERHEAD;
  const elements: types.StaticSelect[] = [];
  if (picker.clusters.length > 1) {
    const options = picker.clusters.slice(0, MAX_PICKER_OPTIONS).map((cluster) => option(cluster, cluster));
    left -= textLength(options);
    if (left < 0) return [];
    elements.push({
      type: 'static_select',
      action_id: ActionId.pickCluster,
      placeholder: plain('Cluster'),
      options,
      initial_option: options.find((o) => o.value === from.cluster),
    });
  }
  // The shown space first in the budget, then the others in name order.
  const chosen = new Set<string>();
  for (const space of [from.space, ...picker.spaces]) {
    if (chosen.size >= MAX_PICKER_OPTIONS || chosen.has(space) || !picker.spaces.includes(space)) continue;
    const cost = [...optionText(space)].length;
    if (cost > left) break;
    left -= cost;
    chosen.add(space);
  }
  const spaces = picker.spaces.filter((space) => chosen.has(space));
  if (spaces.length > 1 || (elements.length > 0 && spaces.length > 0)) {
    const options = spaces.map((space) => option(optionText(space), spaceKey(space)));
    const current = options.find((o) => o.value === spaceKey(from.space));
    elements.push({ type: 'static_select', action_id: ActionId.pickSpace, placeholder: plain('Space'), options, ...(current ? { initial_option: current } : {}) });
  }
  if (elements.length === 0) return [];
  const more = picker.more + picker.spaces.length - spaces.length;
  const blocks: Block[] = [{ type: 'actions', block_id: `${SPACE_PICKER_BLOCK}${encodeListView(from)}`, elements }];
  if (more > 0) {
    const typed = from.cluster === DEFAULT_CLUSTER ? 'NAME' : `${from.cluster}/NAME`;
    const text = `The space menu shows ${spaces.length} of the ${spaces.length + more} spaces you may view in \`${from.cluster}\`; for another, type \`list ${typed}\`.`;
    blocks.push({ type: 'context', elements: [mrkdwn(text)] });
  }
  return blocks;
}

/** `blocks` with the picker inserted at `at`, in whatever text the blocks leave of the message's budget. */
export function withPicker(blocks: Block[], at: number, picker: SpacePicker | undefined, from: ListView): Block[] {
  if (!picker) return blocks;
  const row = spacePickerBlocks(picker, from, MESSAGE_TEXT_BUDGET - textLength(blocks));
  return [...blocks.slice(0, at), ...row, ...blocks.slice(at)];
}
