import type { webApi } from '@slack/bolt';
import { SlackMessage } from '../blocks/message';

/**
 * Messages the bot sends on its own (approval requests, outcomes to a requester), as opposed to
 * answers to the interaction at hand, which go through Bolt's respond().
 */
export class SlackPoster {
  constructor(private readonly client: webApi.WebClient) {}

  async post(channel: string, message: SlackMessage, threadTs?: string): Promise<{ channel: string; ts: string }> {
    const response = await this.client.chat.postMessage({ channel, text: message.text, blocks: message.blocks, ...(threadTs ? { thread_ts: threadTs } : {}) });
    return { channel: response.channel ?? channel, ts: response.ts ?? '' };
  }

  async update(channel: string, ts: string, message: SlackMessage): Promise<void> {
    await this.client.chat.update({ channel, ts, text: message.text, blocks: message.blocks ?? [] });
  }

  /** response_url of an earlier interaction: valid 30 minutes, 5 uses. Not a Web API call. */
  async respondTo(responseUrl: string, message: SlackMessage): Promise<void> {
    const response = await fetch(responseUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(message),
    });
    if (!response.ok) throw new Error(`response_url answered ${response.status}`);
  }
}
