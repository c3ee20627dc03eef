import { viewableSpaces } from '../../../access/view-access';
import { isJobsError } from '../../../jobs/jobs-error';
import { type OverviewReading, readOverviews } from '../../../jobs/space-overview';
import { listAllSpaces } from '../../../spaces/all-spaces';
import { type HomeChannels, type HomeSpaces, homeView } from '../../blocks/home';
import { slackErrorReason } from '../../web-api/slack-errors';
import type { SlackHome } from '../../web-api/slack-home';
import type { ListenerDeps } from '../listener-deps';

/** At most this many spaces are read for one Home tab, this many at a time. */
export const HOME_MAX_SPACES = 40;
const READ_CONCURRENCY = 4;
/** How long the Home tab waits for slow answers before publishing what it knows. */
const DEFAULT_WAIT_MS = 3000;

type Listed = { state: 'unreachable'; reason: string } | { state: 'listed'; reading: OverviewReading; notRead: number };

/** A promise whose value can be read once it has settled, without waiting for it. */
class Settled<T> {
  value: T | undefined;
  readonly done: Promise<void>;
  constructor(promise: Promise<T>) {
    this.done = promise.then((value) => {
      this.value = value;
    });
  }
}

function timeout(ms: number): { elapsed: Promise<void>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const elapsed = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return { elapsed, cancel: () => clearTimeout(timer) };
}

/**
 * Builds and publishes a user's Home tab. Spaces are read a few at a time and capped; at the
 * wait's end the tab is published with what is known (slow spaces say so), and published once
 * more when the rest arrives, unless the user has opened the tab again since.
 */
export class HomeTab {
  private readonly latest = new Map<string, number>();
  private opened = 0;

  constructor(
    private readonly deps: ListenerDeps,
    private readonly slack: SlackHome,
  ) {}

  async show(userId: string): Promise<void> {
    const started = Date.now();
    const generation = ++this.opened;
    this.latest.set(userId, generation);
    const spaces = new Settled(this.listSpaces(userId));
    const channels = new Settled(this.channels(userId));
    const everything = Promise.all([spaces.done.then(() => (spaces.value?.state === 'listed' ? spaces.value.reading.done : undefined)), channels.done]);
    const wait = timeout(this.deps.homeWaitMs ?? DEFAULT_WAIT_MS);
    const complete = await Promise.race([everything.then(() => true), wait.elapsed.then(() => false)]);
    wait.cancel();
    try {
      await this.publish(userId, spaces.value, channels.value);
      if (!complete) {
        await everything;
        if (this.latest.get(userId) !== generation) return;
        await this.publish(userId, spaces.value, channels.value);
      }
      this.deps.logger.info('slack.home', { user: userId, waited: !complete, ms: Date.now() - started });
    } catch (error) {
      this.deps.logger.warn('slack.home_publish_failed', { user: userId, error: slackErrorReason(error) });
    } finally {
      if (this.latest.get(userId) === generation) this.latest.delete(userId);
    }
  }

  private publish(userId: string, listed: Listed | undefined, channels: HomeChannels | undefined): Promise<void> {
    const view = homeView({ command: this.deps.command, now: this.deps.now(), spaces: this.spacesNow(listed), channels: channels ?? { state: 'pending' } });
    return this.slack.publish(userId, view);
  }

  private spacesNow(listed: Listed | undefined): HomeSpaces {
    if (!listed) return { state: 'pending' };
    if (listed.state === 'unreachable') return listed;
    return { state: 'listed', overviews: listed.reading.current(), notRead: listed.notRead };
  }

  private async listSpaces(userId: string): Promise<Listed> {
    try {
      const spaces = await viewableSpaces(this.deps, userId, (await listAllSpaces(this.deps.gateway)).spaces);
      const read = spaces.slice(0, HOME_MAX_SPACES);
      return { state: 'listed', reading: readOverviews(this.deps.gateway, read, this.deps.now, READ_CONCURRENCY, this.deps.stuck), notRead: spaces.length - read.length };
    } catch (error) {
      return { state: 'unreachable', reason: isJobsError(error) ? error.message : 'unexpected error' };
    }
  }

  private async channels(userId: string): Promise<HomeChannels> {
    try {
      const member = await this.slack.channelsOf(userId);
      const channels = member.channels
        .map((channelId) => ({ channelId, subscriptions: this.deps.subscriptions.inChannel(channelId) }))
        .filter((channel) => channel.subscriptions.length > 0);
      return { state: 'known', channels, complete: member.complete };
    } catch (error) {
      const reason = slackErrorReason(error);
      this.deps.logger.warn('slack.home_channels_unknown', { user: userId, error: reason });
      return { state: 'unknown', reason };
    }
  }
}
