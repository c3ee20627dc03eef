import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);

/** Slack mrkdwn treats &, < and > as control characters: user text must be escaped. */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Inline code that cannot be broken out of by a back-quote in the text. */
export function code(text: string): string {
  return `\`${escapeText(text.replace(/`/g, 'ˋ'))}\``;
}

/** Words, numbers, `,` `:` `-` and inner `_`: nothing Slack reads as a mention, link (no dots) or formatting. */
const PLAIN = /^[\p{L}\p{N}][\p{L}\p{N}_,: -]*$/u;

/**
 * graphd text that is usually a plain word (a status, a task id) shown as it is, and anything
 * else code-quoted, so it can neither mention, link nor format.
 */
export function literal(text: string): string {
  return PLAIN.test(text) && !/(^|\s)_|_($|\s)/.test(text) ? text : code(text);
}

const STATUS_EMOJI: Record<string, string> = {
  QUEUE: ':hourglass_flowing_sand:',
  RUNNING: ':arrows_counterclockwise:',
  FINISHED: ':white_check_mark:',
  FAILED: ':x:',
  STOPPED: ':octagonal_sign:',
  // Balance task results
  SUCCEEDED: ':white_check_mark:',
  IN_PROGRESS: ':arrows_counterclockwise:',
  INVALID: ':grey_question:',
};

export function statusEmoji(status: string): string {
  return STATUS_EMOJI[status] ?? ':grey_question:';
}

export function statusLabel(status: string): string {
  return `${statusEmoji(status)} ${literal(status)}`;
}

/** A time every reader sees in their own zone; the fallback (old clients, notifications) is UTC. */
export function slackDate(date: Date, tokens = '{date_short_pretty} {time}'): string {
  const seconds = Math.floor(date.getTime() / 1000);
  return `<!date^${seconds}^${tokens}|${utcText(date)}>`;
}

export function utcText(date: Date): string {
  return `${dayjs.utc(date).format('YYYY-MM-DD HH:mm')} UTC`;
}

export { formatDuration as duration } from '../../jobs/duration';
