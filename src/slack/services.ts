import { ActDeps } from '../access/act-on-job';
import { JobsGateway } from '../jobs/jobs-gateway';
import { Logger } from '../logging/logger';
import { ChannelSettings } from '../store/channel-settings';
import { SubscriptionRepository } from '../store/subscription-repository';
import { SlackPoster } from './slack-poster';
import { WorkQueue } from './work-queue';

/** What Slack listeners may use, handed in by the composition root. */
export interface SlackServices extends ActDeps {
  gateway: JobsGateway;
  poster: SlackPoster;
  /** Where post-ack work waits its turn. */
  work: WorkQueue;
  subscriptions: SubscriptionRepository;
  channels: ChannelSettings;
  now: () => Date;
  logger: Logger;
  /** The slash command as registered, e.g. /nebula-jobs. */
  command: string;
  defaultSpace?: string;
}

/** Who asked, and where. From Slack's signed payload, never from a button's value. */
export interface Requester {
  userId: string;
  channelId: string;
}
