import type { types, webApi } from '@slack/bolt';

export interface MemberChannels {
  channels: string[];
  /** False when the user is in more channels than were read. */
  complete: boolean;
}

const PAGE_SIZE = 200; // Slack's advice for cursor pagination

/** The Home tab's own Slack calls: publish a user's Home view, and find the channels a user is in. */
export class SlackHome {
  constructor(
    private readonly client: webApi.WebClient,
    private readonly maxPages = 5,
  ) {}

  /** views.publish: no scope needed beyond the bot token; the Home tab must be enabled in the manifest. */
  async publish(userId: string, view: types.HomeView): Promise<void> {
    await this.client.views.publish({ user_id: userId, view });
  }

  /**
   * users.conversations with `user` (Tier 3; channels:read, groups:read): the public channels the
   * user is in, and the private ones the bot shares with them; Slack shows a bot no other
   * private channel. At most maxPages × 200 channels, so a member of thousands stays cheap.
   */
  async channelsOf(userId: string): Promise<MemberChannels> {
    const channels: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < this.maxPages; page += 1) {
      const response = await this.client.users.conversations({
        user: userId,
        types: 'public_channel,private_channel',
        exclude_archived: true,
        limit: PAGE_SIZE,
        ...(cursor ? { cursor } : {}),
      });
      for (const channel of response.channels ?? []) if (channel.id) channels.push(channel.id);
      cursor = response.response_metadata?.next_cursor || undefined;
      if (!cursor) return { channels, complete: true };
    }
    return { channels, complete: false };
  }
}
