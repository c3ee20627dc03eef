import type { ActDeps } from '../../access/act-on-job';
import type { Actor } from '../../access/actor';
import type { FollowStore, ListRefreshStore } from '../../alerts/follows';
import type { SubscriptionStore } from '../../alerts/subscriptions';
import type { StuckJudge } from '../../jobs/stuck-rule';
import type { Logger } from '../../logging/logger';
import type { WorkQueue } from '../../scheduling/work-queue';
import type { ChannelDefaultStore } from '../../spaces/channel-defaults';
import type { SpaceLookup } from '../interactive/space-key';
import type { SlackPoster } from '../web-api/slack-poster';

/**
 * What Slack listeners may use, handed in by the composition root: domain ports only (no
 * repository, no SQL), plus the Slack calls they make themselves.
 */
export interface ListenerDeps extends ActDeps {
  subscriptions: SubscriptionStore;
  channels: ChannelDefaultStore;
  poster: SlackPoster;
  /** Where post-ack work waits its turn. */
  work: WorkQueue;
  logger: Logger;
  /** The slash command as registered, e.g. /nebula-jobs. */
  command: string;
  defaultSpace?: string;
  /** How long the Home tab waits for slow spaces before publishing what it knows (3 s unless set). */
  homeWaitMs?: number;
  /** Stops followed until their tasks settle, and watched jobs (the job follower's). */
  follows: FollowStore;
  /** Lists that refresh themselves for a while. */
  refreshes: ListRefreshStore;
  /** The stuck rule with each space's past runs, for the Home tab's count and list hints. */
  stuck?: StuckJudge;
}

/** How button values find the space they name: among the names graphd lists for the cluster. */
export function spaceLookup(deps: Pick<ListenerDeps, 'gateway'>): SpaceLookup {
  return (cluster, options) => deps.gateway.listSpaces(cluster, options);
}

/** Who asked, and where. From Slack's signed payload, never from a button's value. */
export type Requester = Actor;
