import { code } from './format';
import { type Block, mrkdwn, type SlackMessage, truncate } from './message';

export interface IntroInput {
  /** The slash command as registered, e.g. /nebula-jobs. */
  command: string;
  /** What the channel already has, so the introduction does not ask for what is done. */
  defaultSpace?: string;
  subscribedSpaces: string[];
}

const SPACES_NAMED = 10;

function channelState(input: IntroInput): string | null {
  const parts: string[] = [];
  if (input.defaultSpace) parts.push(`This channel's default space is ${code(input.defaultSpace)}.`);
  const spaces = input.subscribedSpaces;
  if (spaces.length > 0) {
    const more = spaces.length > SPACES_NAMED ? ` and ${spaces.length - SPACES_NAMED} more` : '';
    parts.push(`It gets alerts for ${spaces.slice(0, SPACES_NAMED).map(code).join(', ')}${more}.`);
  }
  return parts.length > 0 ? truncate(parts.join(' '), 2500) : null;
}

/** What the bot posts once when it is added to a channel: what it does, and the three commands that matter there. */
export function introMessage(input: IntroInput): SlackMessage {
  const c = input.command;
  const blocks: Block[] = [
    {
      type: 'section',
      text: mrkdwn(
        ':wave: Hi! I show the jobs of NebulaGraph graph spaces (COMPACT, STATS, BALANCE DATA…), stop and recover them, and post an alert here when a job of a subscribed space fails or stops.',
      ),
    },
    {
      type: 'section',
      text: mrkdwn(
        [
          `• \`${c} list [space]\`: a space's jobs, visible only to you (add \`share\` to show everyone)`,
          `• \`${c} use <space>\`: make a space this channel's default, so commands here need no space name`,
          `• \`${c} subscribe <space>\`: alerts in this channel when its jobs turn FAILED or STOPPED (admins)`,
        ].join('\n'),
      ),
    },
  ];
  const state = channelState(input);
  blocks.push({ type: 'context', elements: [mrkdwn(`${state ? `${state} ` : ''}\`${c} help\` lists every command.`)] });
  return { text: `Hi! Try ${c} list, ${c} use <space> and ${c} subscribe <space> here.`, blocks };
}
