import type { webApi } from '@slack/bolt';
import type { SlackMessage } from '../blocks/message';
import { ResponseUrlPoster } from './response-url-poster';

/**
 * What the bot sends to Slack from listeners: answers through an interaction's response_url,
 * and messages it sends on its own (approval requests, outcomes to a requester).
 */
export class SlackPoster {
  constructor(
    private readonly client: webApi.WebClient,
    private readonly responses = new ResponseUrlPoster(),
  ) {}

  async post(channel: string, message: SlackMessage, threadTs?: string): Promise<{ channel: string; ts: string }> {
    const response = await this.client.chat.postMessage({ channel, text: message.text, blocks: message.blocks, ...(threadTs ? { thread_ts: threadTs } : {}) });
    return { channel: response.channel ?? channel, ts: response.ts ?? '' };
  }

  async update(channel: string, ts: string, message: SlackMessage): Promise<void> {
    await this.client.chat.update({ channel, ts, text: message.text, blocks: message.blocks ?? [] });
  }

  /** response_url of this or an earlier interaction: valid 30 minutes, 5 uses. Not a Web API call. */
  respondTo(responseUrl: string, message: SlackMessage): Promise<void> {
    return this.responses.post(responseUrl, message);
  }
}
