import type { webApi } from '@slack/bolt';
import { DeliveryError, type DeliveryFailure, type NoticePoster } from '../../alerts/notice-poster';
import { type FollowUp, isStuckAlert, type Notice, type ThreadAlert } from '../../alerts/notices';
import { alertMessage, digestMessage, followUpMessage, followUpNote, outageMessage, reachableMessage } from '../blocks/alert';
import { followNoteMessage } from '../blocks/follow-note';
import type { SlackMessage } from '../blocks/message';
import { finishedDigestMessage, finishedMessage, stuckAlertMessage, stuckDigestMessage } from '../blocks/stuck-alert';
import { slackCallError } from './slack-errors';

/** Slack answers that mean "try again later" rather than "this will never work". */
const TRANSIENT_PLATFORM_ERRORS = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'ratelimited', 'team_added_to_org']);

/**
 * Answers about the bot's token or app, not about a message or a channel: every call would get
 * the same until someone reinstalls the app or fixes the token.
 */
const AUTH_ERRORS = new Set([
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'account_inactive',
  'org_login_required',
  'ekm_access_denied',
  'missing_scope',
  'not_allowed_token_type',
  'team_access_not_granted',
]);

/** Network errors raised before the request could reach Slack: nothing was posted. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * A request that got no answer (WebClient wraps fetch's error as `original`). A timeout or a
 * connection cut after sending leaves the outcome unknown: Slack may have posted the message.
 */
function requestFailure(error: unknown, message: string): DeliveryFailure {
  const original = (error as { original?: { name?: unknown; message?: unknown; code?: unknown; cause?: { code?: unknown } } } | null)?.original;
  // By name, or by text when WebClient had to re-wrap an error from another realm as `new Error(String(e))`.
  if (original?.name === 'TimeoutError' || original?.name === 'AbortError' || /^(TimeoutError|AbortError)\b/.test(String(original?.message))) {
    return { kind: 'transient', error: 'Slack did not answer in time', outcomeUnknown: true };
  }
  const code = original?.cause?.code ?? original?.code;
  if (typeof code === 'string' && NOT_SENT_CODES.has(code)) return { kind: 'transient', error: code };
  return { kind: 'transient', error: typeof code === 'string' ? code : message || 'network error', outcomeUnknown: true };
}

/** A failed Web API call in the sender's terms. */
export function deliveryFailure(error: unknown): DeliveryFailure {
  const e = slackCallError(error);
  if (e.code === 'slack_webapi_rate_limited_error') return { kind: 'rate-limited', retryAfterMs: Math.max(1, e.retryAfterSeconds ?? 1) * 1000 };
  if (e.code === 'slack_webapi_platform_error') {
    const reason = e.reason ?? 'unknown_error';
    if (reason === 'not_in_channel') return { kind: 'not-in-channel' };
    if (AUTH_ERRORS.has(reason)) return { kind: 'auth', error: reason };
    return TRANSIENT_PLATFORM_ERRORS.has(reason) ? { kind: 'transient', error: reason } : { kind: 'permanent', error: reason };
  }
  if (e.code === 'slack_webapi_http_error') {
    const status = e.status ?? 0;
    // Slack answers a bad message with 200 and ok:false; another status is about the token or the way there.
    return status === 401 || status === 403 ? { kind: 'auth', error: `HTTP ${status}` } : { kind: 'transient', error: `HTTP ${status}` };
  }
  return requestFailure(error, e.message);
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
      return outageMessage(notice.cluster, new Date(notice.since), notice.reason);
    case 'reachable':
      return reachableMessage(notice.cluster, new Date(notice.downSince), new Date(notice.at));
    case 'job-followed':
      return followNoteMessage(notice.note);
    case 'stuck':
      return stuckAlertMessage(notice.alert);
    case 'stuck-digest':
      return stuckDigestMessage(notice.alerts);
    case 'finished':
      return finishedMessage(notice.finished);
    case 'finished-digest':
      return finishedDigestMessage(notice.finished);
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

  async updateAlert(channelId: string, ts: string, alert: ThreadAlert, followUp: FollowUp): Promise<void> {
    const now = { status: followUp.to, note: followUpNote(followUp) };
    const message = isStuckAlert(alert) ? stuckAlertMessage(alert, now) : alertMessage(alert, now);
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
