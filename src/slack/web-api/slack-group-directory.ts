import type { webApi } from '@slack/bolt';
import type { Freshness, GroupDirectory } from '../../access/group-directory';
import type { Logger } from '../../logging/logger';
import { slackErrorReason } from './slack-errors';

/**
 * User-group members from usergroups.users.list (Tier 2: ~20 calls a minute). Decisions that
 * change something ask Slack each time (lookups of one group at the same moment share a call),
 * so a member removed from a group cannot act a moment later; reads use the last answer for up
 * to `ttlMs`. When Slack cannot tell (error, rate limit, Free plan) the answer is "unknown", and
 * the permission check then grants nothing through that group.
 */
export class SlackGroupDirectory implements GroupDirectory {
  private readonly cache = new Map<string, { members: Set<string>; at: number }>();
  private readonly inFlight = new Map<string, Promise<Set<string> | null>>();

  constructor(
    private readonly client: webApi.WebClient,
    private readonly logger: Logger,
    private readonly ttlMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  async isMember(groupId: string, userId: string, freshness: Freshness = 'fresh'): Promise<boolean | null> {
    const cached = this.cache.get(groupId);
    if (freshness === 'cached' && cached && this.now() - cached.at < this.ttlMs) return cached.members.has(userId);
    const members = await this.lookUp(groupId);
    return members ? members.has(userId) : null;
  }

  private lookUp(groupId: string): Promise<Set<string> | null> {
    const pending = this.inFlight.get(groupId);
    if (pending) return pending;
    const lookup = this.client.usergroups.users
      .list({ usergroup: groupId })
      .then((response) => {
        const members = new Set(response.users ?? []);
        this.cache.set(groupId, { members, at: this.now() });
        return members;
      })
      .catch((error: unknown) => {
        this.logger.warn('slack.usergroup_unknown', { group: groupId, error: slackErrorReason(error) });
        return null;
      })
      .finally(() => this.inFlight.delete(groupId));
    this.inFlight.set(groupId, lookup);
    return lookup;
  }
}
