import { signSlackRequest } from './signing';
import type { SlackFake } from './slack-fake';
import type { Transport } from './slack-user';

export interface SentEvent {
  status: number;
  eventId: string;
}

export interface EventOptions {
  /** Reuse an event id: Slack redelivers an event with its id unchanged. */
  eventId?: string;
  /** A redelivery: X-Slack-Retry-Num over HTTP, retry_attempt over Socket Mode. */
  retryNum?: number;
}

/**
 * Plays Slack's Events API: wraps an event in an `event_callback` and sends it as Slack does,
 * a signed JSON POST to /slack/events, or an `events_api` envelope over Socket Mode.
 */
export class SlackEvents {
  private sent = 0;

  constructor(private readonly options: { transport: Transport; slack: SlackFake; teamId?: string; botUserId?: string }) {}

  async send(event: Record<string, unknown>, options: EventOptions = {}): Promise<SentEvent> {
    this.sent += 1;
    const teamId = this.options.teamId ?? 'T1';
    const eventId = options.eventId ?? `Ev${Date.now().toString(36)}${this.sent}`.toUpperCase();
    const body = {
      token: 'legacy-verification-token',
      team_id: teamId,
      api_app_id: 'A1',
      event: { event_ts: `${Date.now() / 1000}`, ...event },
      type: 'event_callback',
      event_id: eventId,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ enterprise_id: null, team_id: teamId, user_id: this.options.botUserId ?? 'UBOT', is_bot: true, is_enterprise_install: false }],
      is_ext_shared_channel: false,
      event_context: `ctx-${eventId}`,
    };
    const { transport } = this.options;
    const retry = options.retryNum ? { attempt: options.retryNum, reason: 'http_timeout' } : undefined;
    if (transport.kind === 'socket') {
      await this.options.slack.socket.deliver('events_api', body, 5000, retry);
      return { status: 200, eventId };
    }
    const raw = JSON.stringify(body);
    const response = await fetch(transport.botUrl, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...signSlackRequest(transport.signingSecret, raw),
        ...(retry ? { 'X-Slack-Retry-Num': String(retry.attempt), 'X-Slack-Retry-Reason': retry.reason } : {}),
      },
      body: raw,
    });
    await response.text();
    return { status: response.status, eventId };
  }

  /** A user opens the app's Home tab (or its Messages tab). */
  openHome(userId: string, tab: 'home' | 'messages' = 'home'): Promise<SentEvent> {
    return this.send({ type: 'app_home_opened', user: userId, channel: `D${userId}`, tab });
  }

  /** `userId` joins `channel`, invited by `inviter`. */
  memberJoined(userId: string, channel: string, inviter?: string, options: EventOptions = {}): Promise<SentEvent> {
    return this.send({ type: 'member_joined_channel', user: userId, channel, channel_type: 'C', team: this.options.teamId ?? 'T1', ...(inviter ? { inviter } : {}) }, options);
  }
}
