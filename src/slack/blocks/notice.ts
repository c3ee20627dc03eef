import { type Block, mrkdwn, type SlackMessage } from './message';

/** A short ephemeral message: a confirmation, a list, or what went wrong and what would work. */
export function notice(text: string, hint?: string): SlackMessage {
  const blocks: Block[] = [{ type: 'section', text: mrkdwn(text) }];
  if (hint) blocks.push({ type: 'context', elements: [mrkdwn(hint)] });
  return { response_type: 'ephemeral', text: hint ? `${text} ${hint}` : text, blocks };
}
