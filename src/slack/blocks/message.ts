import type { types } from '@slack/bolt';

export type Block = types.KnownBlock;

/** A message as the bot sends it through response_url or chat.postMessage / chat.update. */
export interface SlackMessage {
  /** Notification and screen-reader fallback; Slack wants it alongside blocks. */
  text: string;
  blocks?: Block[];
  response_type?: 'ephemeral' | 'in_channel';
  replace_original?: boolean;
}

export function plain(text: string): types.PlainTextElement {
  return { type: 'plain_text', text: truncate(text, 75), emoji: true };
}

export function mrkdwn(text: string, max = 3000): types.MrkdwnElement {
  return { type: 'mrkdwn', text: truncateMrkdwn(text, max) };
}

/** Like truncate, and never leaves a code span open: quoted text must not spill out as formatting. */
export function truncateMrkdwn(text: string, max: number): string {
  if (text.length <= max || [...text].length <= max) return text;
  const cut = truncate(text, max - 1);
  return (cut.match(/`/g) ?? []).length % 2 === 1 ? `${cut}\`` : cut;
}

/** Cuts text to a Block Kit limit, marking the cut; never inside an escape like `&amp;`. */
export function truncate(text: string, max: number): string {
  // No more UTF-16 units than the limit means no more characters either: nothing to cut, nothing to split.
  if (text.length <= max) return text;
  const chars = [...text];
  return chars.length <= max
    ? text
    : `${chars
        .slice(0, max - 1)
        .join('')
        .replace(/&[a-z]{0,3}$/, '')}…`;
}

/** A one-line note on top of a re-drawn message: what just happened and who did it. */
export function bannerBlocks(banner: string | undefined): Block[] {
  return banner ? [{ type: 'context', elements: [mrkdwn(banner)] }] : [];
}
