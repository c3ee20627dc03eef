import type { webApi } from '@slack/bolt';
import { DeliveryError, DeliveryFailure, NoticePoster } from '../../alerts/notice-poster';
import { FollowUp, JobAlert, Notice } from '../../alerts/notices';
import { alertMessage, digestMessage, followUpMessage, followUpNote, outageMessage, reachableMessage } from '../blocks/alert';
import { SlackMessage } from '../blocks/message';
import { slackCallError } from './slack-errors';

/** Slack answers that mean "try again later" rather than "this will never work". */
const TRANSIENT_PLATFORM_ERRORS = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'ratelimited']);

/** A failed Web API call in the sender's terms. */
export function deliveryFailure(error: unknown): DeliveryFailure {
  const e = slackCallError(error);
  if (e.code === 'slack_webapi_rate_limited_error') return { kind: 'rate-limited', retryAfterMs: Math.max(1, e.retryAfterSeconds ?? 1) * 1000 };
  if (e.code === 'slack_webapi_platform_error') {
    const reason = e.reason ?? 'unknown_error';
    if (reason === 'not_in_channel') return { kind: 'not-in-channel' };
    return TRANSIENT_PLATFORM_ERRORS.has(reason) ? { kind: 'transient', error: reason } : { kind: 'permanent', error: reason };
  }
  if (e.code === 'slack_webapi_http_error') {
    const status = e.status ?? 0;
    return status >= 500 || status === 408 ? { kind: 'transient', error: `HTTP ${status}` } : { kind: 'permanent', error: `HTTP ${status}` };
  }
  return { kind: 'transient', error: e.message || 'network error' };
}

function messageFor(notice: Notice): SlackMessage {
  switch (notice.kind) {
    case 'alert':
      return alertMessage(notice.alert);
    case 'digest':
      return digestMessage(notice.alerts);
    case 'follow-up':
      return followUpMessage(notice.followUp);
    case 'outage':
      return outageMessage(new Date(notice.since), notice.reason);
    case 'reachable':
      return reachableMessage(new Date(notice.downSince), new Date(notice.at));
  }
}

/**
 * Notices as Slack messages, through a WebClient that fails fast (no retries of its own, 429s
 * rejected): the outbox keeps its own retry schedule.
 */
export class SlackNoticePoster implements NoticePoster {
  constructor(private readonly client: webApi.WebClient) {}

  async post(channelId: string, notice: Notice, threadTs?: string): Promise<string> {
    const message = messageFor(notice);
    const response = await this.call(() =>
      this.client.chat.postMessage({ channel: channelId, text: message.text, blocks: message.blocks ?? [], ...(threadTs ? { thread_ts: threadTs } : {}) }),
    );
    return response.ts ?? '';
  }

  async updateAlert(channelId: string, ts: string, alert: JobAlert, followUp: FollowUp): Promise<void> {
    const message = alertMessage(alert, { status: followUp.to, note: followUpNote(followUp) });
    await this.call(() => this.client.chat.update({ channel: channelId, ts, text: message.text, blocks: message.blocks ?? [] }));
  }

  async join(channelId: string): Promise<void> {
    await this.call(() => this.client.conversations.join({ channel: channelId }));
  }

  private async call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw new DeliveryError(deliveryFailure(error));
    }
  }
}
