import type { webApi } from '@slack/bolt';
import { GroupDirectory } from '../../access/group-directory';
import { Logger } from '../../logging/logger';
import { slackErrorReason } from './slack-errors';

/**
 * User-group members from usergroups.users.list (Tier 2: ~20 calls a minute), cached for a few
 * minutes. When Slack cannot tell (error, rate limit, Free plan) the answer is "unknown", and
 * the permission check then grants nothing through that group.
 */
export class SlackGroupDirectory implements GroupDirectory {
  private readonly cache = new Map<string, { members: Set<string>; at: number }>();

  constructor(
    private readonly client: webApi.WebClient,
    private readonly logger: Logger,
    private readonly ttlMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  async isMember(groupId: string, userId: string): Promise<boolean | null> {
    const cached = this.cache.get(groupId);
    if (cached && this.now() - cached.at < this.ttlMs) return cached.members.has(userId);
    try {
      const response = await this.client.usergroups.users.list({ usergroup: groupId });
      const members = new Set(response.users ?? []);
      this.cache.set(groupId, { members, at: this.now() });
      return members.has(userId);
    } catch (error) {
      this.logger.warn('slack.usergroup_unknown', { group: groupId, error: slackErrorReason(error) });
      return null;
    }
  }
}
