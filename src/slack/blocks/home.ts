import type { types } from '@slack/bolt';
import type { Subscription } from '../../alerts/subscriptions';
import { OVERVIEW_SINCE, type SpaceCounts, type SpaceOverview } from '../../jobs/space-overview';
import { spaceLabel } from '../../spaces/space-ref';
import { ActionId } from '../interactive/action-ids';
import { encodeListView } from '../interactive/list-view';
import { code, escapeText, slackDate, statusEmoji } from './format';
import { type Block, mrkdwn, plain, truncate } from './message';

/** The Home tab's buttons. Not message buttons: a Home tab has no response_url, so they get their own listener. */

export type HomeSpaces =
  | { state: 'pending' }
  | { state: 'unreachable'; reason: string }
  /** `notRead`: spaces the user may see beyond the ones read (the Home reads a bounded number). */
  | { state: 'listed'; overviews: SpaceOverview[]; notRead: number };

export interface ChannelSubscriptions {
  channelId: string;
  subscriptions: Subscription[];
}

export type HomeChannels =
  | { state: 'pending' }
  | { state: 'unknown'; reason: string }
  /** `complete`: false when the user is in more channels than were read. */
  | { state: 'known'; channels: ChannelSubscriptions[]; complete: boolean };

export interface HomeInput {
  /** The slash command as registered, e.g. /nebula-jobs. */
  command: string;
  now: Date;
  spaces: HomeSpaces;
  channels: HomeChannels;
}

/** Slack allows 100 blocks in a Home view; these are kept for everything that is not a space. */
const MAX_BLOCKS = 100;
const FIXED_BLOCKS = 12;
/** Text budget of the space rows, so the whole view stays far from Slack's aggregate limits. */
const SPACE_TEXT_BUDGET = 7000;
const SUBSCRIPTIONS_TEXT = 2800;

function countsText(counts: SpaceCounts): string {
  const parts = [`${statusEmoji('RUNNING')} ${counts.running} running`, `${statusEmoji('FAILED')} ${counts.failed} failed`, `${statusEmoji('STOPPED')} ${counts.stopped} stopped`];
  if (counts.stuck !== undefined) parts.push(`:turtle: ${counts.stuck} stuck`);
  return parts.join('  ·  ');
}

function overviewText(overview: SpaceOverview): string {
  switch (overview.state) {
    case 'known':
      return countsText(overview.counts);
    case 'pending':
      return ':hourglass_flowing_sand: still reading; this tab fills in when NebulaGraph answers';
    case 'unreadable':
      return `:warning: could not be read: ${escapeText(truncate(overview.reason, 300))}`;
  }
}

function spaceBlock(overview: SpaceOverview): types.SectionBlock {
  return {
    type: 'section',
    text: mrkdwn(`*${code(spaceLabel(overview))}*\n${overviewText(overview)}`),
    accessory: {
      type: 'button',
      action_id: ActionId.homeOpenJobs,
      text: plain('Open jobs'),
      value: encodeListView({ cluster: overview.cluster, space: overview.space, query: { statuses: [], since: OVERVIEW_SINCE }, page: 0, share: false }),
    },
  };
}

function spaceBlocks(input: HomeInput): Block[] {
  const { spaces, command } = input;
  if (spaces.state === 'pending') return [{ type: 'section', text: mrkdwn(':hourglass_flowing_sand: Reading your spaces from NebulaGraph…') }];
  if (spaces.state === 'unreachable') {
    return [{ type: 'section', text: mrkdwn(`:electric_plug: Your spaces cannot be shown right now: ${escapeText(truncate(spaces.reason, 500))}`) }];
  }
  if (spaces.overviews.length === 0 && spaces.notRead === 0) {
    return [{ type: 'section', text: mrkdwn("You may see no graph spaces: the bot's NebulaGraph account sees none, or the access policy shows you none.") }];
  }
  const blocks: Block[] = [];
  let text = 0;
  for (const overview of spaces.overviews) {
    const block = spaceBlock(overview);
    const size = [...(block.text?.text ?? '')].length + 'Open jobs'.length;
    if (blocks.length >= MAX_BLOCKS - FIXED_BLOCKS || text + size > SPACE_TEXT_BUDGET) break;
    blocks.push(block);
    text += size;
  }
  const more = spaces.overviews.length - blocks.length + spaces.notRead;
  if (more > 0) {
    blocks.push({ type: 'context', elements: [mrkdwn(`…and ${more} more space${more === 1 ? '' : 's'}: \`${command} list <space>\` in any channel.`)] });
  }
  return blocks;
}

function subscriptionLine(channel: ChannelSubscriptions, now: Date): string {
  const spaces = channel.subscriptions.map((s) => {
    const muted = s.mutedUntil && s.mutedUntil > now ? ` :zipper_mouth_face: muted until ${slackDate(s.mutedUntil)}` : '';
    return `${code(spaceLabel(s))} (${s.statuses.map(escapeText).join(', ')})${muted}`;
  });
  return `• <#${channel.channelId}>: ${spaces.join(' · ')}`;
}

function subscriptionBlocks(input: HomeInput): Block[] {
  const { channels, command } = input;
  if (channels.state === 'pending') return [{ type: 'section', text: mrkdwn(':hourglass_flowing_sand: Reading your channels from Slack…') }];
  if (channels.state === 'unknown') {
    return [{ type: 'section', text: mrkdwn(`:warning: Slack would not list your channels (${escapeText(truncate(channels.reason, 200))}), so their alerts are not shown.`) }];
  }
  const scope = 'Public channels you are in, and private ones the bot is in too.';
  const partial = channels.complete ? '' : ' Only your first channels were read; you are in more.';
  if (channels.channels.length === 0) {
    return [
      { type: 'section', text: mrkdwn(`None of your channels gets alerts. An admin can add them in a channel: \`${command} subscribe <space>\`.`) },
      { type: 'context', elements: [mrkdwn(`${scope}${partial}`)] },
    ];
  }
  const lines: string[] = [];
  let length = 0;
  for (const channel of channels.channels) {
    const line = truncate(subscriptionLine(channel, input.now), 600);
    if (length + line.length + 1 > SUBSCRIPTIONS_TEXT) break;
    lines.push(line);
    length += line.length + 1;
  }
  const more = channels.channels.length - lines.length;
  return [
    { type: 'section', text: mrkdwn(lines.join('\n')) },
    { type: 'context', elements: [mrkdwn(`${more > 0 ? `…and ${more} more channels. ` : ''}${scope}${partial} \`${command} subscriptions\` in a channel lists its own.`)] },
  ];
}

/**
 * A user's Home tab: the spaces they may see with the jobs of the last day, and the alerts of
 * the channels they are in. Whatever is not known yet, or could not be read, says so.
 */
export function homeView(input: HomeInput): types.HomeView {
  const blocks: Block[] = [
    { type: 'header', text: plain('NebulaGraph jobs') },
    {
      type: 'context',
      elements: [mrkdwn(`Jobs of the last day in the spaces you may see, as of ${slackDate(input.now, '{time}')}. *Open jobs* posts the list to you in this app's Messages tab.`)],
    },
    ...spaceBlocks(input),
    { type: 'divider' },
    { type: 'header', text: plain('Alerts in your channels') },
    ...subscriptionBlocks(input),
    { type: 'divider' },
    { type: 'context', elements: [mrkdwn(`\`${input.command} help\` in any channel lists every command.`)] },
  ];
  return { type: 'home', blocks };
}
