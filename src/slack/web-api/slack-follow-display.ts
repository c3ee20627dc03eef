import type { webApi } from '@slack/bolt';
import type { FollowDisplay, RefreshLook, WatchLook } from '../../alerts/follow-display';
import type { ListRefresh, MessageRef } from '../../alerts/follows';
import { DeliveryError, type DeliveryFailure } from '../../alerts/notice-poster';
import type { JobListing } from '../../jobs/list-jobs';
import type { JobView } from '../../jobs/show-job';
import { autoRefreshEndedText } from '../blocks/follow-controls';
import { jobListMessage } from '../blocks/job-list';
import { watchMessage } from '../blocks/job-watch';
import type { SlackMessage } from '../blocks/message';
import type { SpacePicker } from '../blocks/space-picker';
import { ResponseUrlError } from './response-url-poster';
import { deliveryFailure } from './slack-notice-poster';

/** A response_url's answer in the sender's terms: 404 is Slack saying the URL is used up or expired. */
function respondFailure(error: unknown): DeliveryFailure {
  if (!(error instanceof ResponseUrlError)) return { kind: 'transient', error: error instanceof Error ? error.message : String(error), outcomeUnknown: true };
  if (error.status === 429) return { kind: 'rate-limited', retryAfterMs: 1_000 };
  if (error.status >= 500) return { kind: 'transient', error: error.message };
  return { kind: 'permanent', error: error.message };
}

/**
 * The follower's redraws as Slack calls: chat.update for messages the bot posted (the outbox's
 * fail-fast client: no retries of its own, 429s thrown), a response_url POST for a list only its
 * reader sees. Failures are thrown as DeliveryError, for the follower to pace or give up.
 */
export class SlackFollowDisplay implements FollowDisplay {
  constructor(
    private readonly client: webApi.WebClient,
    /** Posts to a response_url (SlackPoster.respondTo: the keep-alive poster the listeners answer with). */
    private readonly respondTo: (responseUrl: string, message: SlackMessage) => Promise<void>,
    private readonly now: () => Date,
    /** The cluster and space menus a refreshed list offers, as its first drawing did (listeners/picker-choices.ts). */
    private readonly pickers: (refresh: ListRefresh) => Promise<SpacePicker | undefined> = async () => undefined,
  ) {}

  async drawWatch(message: MessageRef, view: JobView, look: WatchLook): Promise<void> {
    await this.update(message, watchMessage(view, this.now(), look));
  }

  async drawList(refresh: ListRefresh, listing: JobListing, look: RefreshLook): Promise<void> {
    // Menus that cannot be worked out now (the policy's groups unreadable) leave the list drawn without them.
    const picker = await this.pickers(refresh).catch(() => undefined);
    const message = jobListMessage(listing, refresh.list.share, this.now(), { banner: autoRefreshEndedText(look), refresh: look.kind === 'on' ? look : undefined, picker });
    if (refresh.surface === 'message') {
      await this.update(refresh.message, message);
      return;
    }
    if (!refresh.responseUrl) throw new DeliveryError({ kind: 'permanent', error: 'no response_url' });
    await this.respondTo(refresh.responseUrl, { ...message, replace_original: true }).catch((error: unknown) => {
      throw new DeliveryError(respondFailure(error));
    });
  }

  private async update(target: MessageRef, message: SlackMessage): Promise<void> {
    try {
      await this.client.chat.update({ channel: target.channel, ts: target.ts, text: message.text, blocks: message.blocks ?? [] });
    } catch (error) {
      throw new DeliveryError(deliveryFailure(error));
    }
  }
}
