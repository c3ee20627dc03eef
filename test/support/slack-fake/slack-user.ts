import { signSlackRequest } from './signing';
import type { SlackFake } from './slack-fake';

/** A Slack message as the bot sent it (response_url body or chat.postMessage args). */
export interface SlackMessage {
  text?: string;
  blocks?: unknown[];
  ts?: string;
  channel?: string;
}

export interface SentRequest {
  status: number;
  body: string;
  /** The response_url Slack gave with this request. */
  responseUrl: string;
  ackMs: number;
}

interface Element {
  type: string;
  action_id?: string;
  value?: string;
  text?: unknown;
  style?: string;
  options?: Array<{ text: unknown; value: string }>;
  block_id?: string;
}

export interface RequestOptions {
  userId?: string;
  channelId?: string;
  /** Negative tests: a timestamp this many seconds old, or a wrong secret. */
  ageSeconds?: number;
  signWith?: string;
}

/** Finds every interactive element of a message with the block it sits in. */
function elementsOf(message: SlackMessage): Element[] {
  const found: Element[] = [];
  for (const block of (message.blocks ?? []) as Array<{ type: string; block_id?: string; elements?: Element[]; accessory?: Element }>) {
    const blockId = block.block_id ?? `generated-${found.length}`;
    if (block.type === 'actions') for (const element of block.elements ?? []) found.push({ ...element, block_id: blockId });
    if (block.accessory) found.push({ ...block.accessory, block_id: blockId });
  }
  return found;
}

/** How requests reach the bot: signed HTTP POSTs, or envelopes over its Socket Mode connection. */
export type Transport = { kind: 'http'; botUrl: string; signingSecret: string } | { kind: 'socket' };

/**
 * Plays Slack's side: sends slash commands and block_actions to the bot (HTTP or Socket Mode),
 * clicking only what a message really shows.
 */
export class SlackUser {
  constructor(private readonly options: { transport: Transport; slack: SlackFake; userId: string; teamId?: string; command?: string }) {}

  private async send(form: Record<string, string>, options: RequestOptions, responseUrl: string): Promise<SentRequest> {
    const { transport } = this.options;
    if (transport.kind === 'socket') {
      const started = performance.now();
      const isInteractive = 'payload' in form;
      const payload = isInteractive ? (JSON.parse(form.payload) as Record<string, unknown>) : form;
      const ack = await this.options.slack.socket.deliver(isInteractive ? 'interactive' : 'slash_commands', payload);
      return { status: 200, body: ack.payload && Object.keys(ack.payload).length ? JSON.stringify(ack.payload) : '', responseUrl, ackMs: performance.now() - started };
    }
    const body = new URLSearchParams(form).toString();
    const timestamp = Math.floor(Date.now() / 1000) - (options.ageSeconds ?? 0);
    const started = performance.now();
    const response = await fetch(transport.botUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...signSlackRequest(options.signWith ?? transport.signingSecret, body, timestamp) },
      body,
    });
    const text = await response.text();
    return { status: response.status, body: text, responseUrl, ackMs: performance.now() - started };
  }

  runCommand(text: string, options: RequestOptions & { command?: string } = {}): Promise<SentRequest> {
    const responseUrl = this.options.slack.responseUrl('cmd');
    const userId = options.userId ?? this.options.userId;
    const channelId = options.channelId ?? 'C1';
    return this.send(
      {
        token: 'legacy-verification-token',
        team_id: this.options.teamId ?? 'T1',
        team_domain: 'test',
        channel_id: channelId,
        channel_name: channelId.toLowerCase(),
        user_id: userId,
        user_name: `user-${userId}`,
        command: options.command ?? this.options.command ?? '/nebula-jobs',
        text,
        api_app_id: 'A1',
        is_enterprise_install: 'false',
        response_url: responseUrl,
        trigger_id: `trigger-${Date.now()}`,
      },
      options,
      responseUrl,
    );
  }

  /** Clicks a button (or picks an option of a select) shown in `message`; throws if it is not there. */
  async click(
    message: SlackMessage,
    target: { actionId: string; value?: string; option?: string },
    options: RequestOptions & { messageTs?: string; isEphemeral?: boolean } = {},
  ): Promise<SentRequest> {
    const elements = elementsOf(message).filter((e) => e.action_id === target.actionId && (target.value === undefined || e.value === target.value));
    const element = elements[0];
    if (!element) {
      const shown = elementsOf(message).map((e) => `${e.action_id}${e.value ? `=${e.value.slice(0, 40)}` : ''}`);
      throw new Error(`no element ${target.actionId}${target.value ? ` (${target.value})` : ''} in the message; it shows: ${shown.join(', ') || 'nothing'}`);
    }
    const userId = options.userId ?? this.options.userId;
    const channelId = options.channelId ?? message.channel ?? 'C1';
    const responseUrl = this.options.slack.responseUrl('act');
    const ts = options.messageTs ?? message.ts ?? '1700000000.000001';
    const action: Record<string, unknown> = { type: element.type, action_id: element.action_id, block_id: element.block_id, action_ts: `${Date.now() / 1000}` };
    if (element.type === 'button') Object.assign(action, { value: element.value, text: element.text, ...(element.style ? { style: element.style } : {}) });
    if (element.type === 'static_select') {
      const selected = element.options?.find((o) => o.value === target.option);
      if (!selected) throw new Error(`option ${target.option} is not offered by ${target.actionId}`);
      Object.assign(action, { selected_option: selected });
    }
    const ephemeral = options.isEphemeral ?? !message.ts;
    const payload = {
      type: 'block_actions',
      user: { id: userId, username: `user-${userId}`, name: `user-${userId}`, team_id: this.options.teamId ?? 'T1' },
      api_app_id: 'A1',
      token: 'legacy-verification-token',
      container: { type: 'message', message_ts: ts, channel_id: channelId, is_ephemeral: ephemeral },
      trigger_id: `trigger-${Date.now()}`,
      team: { id: this.options.teamId ?? 'T1', domain: 'test' },
      channel: { id: channelId, name: channelId.toLowerCase() },
      // Slack leaves the message out of the payload for ephemeral messages.
      ...(ephemeral ? {} : { message: { type: 'message', ts, text: message.text, blocks: message.blocks } }),
      state: { values: {} },
      response_url: responseUrl,
      actions: [action],
    };
    return this.send({ payload: JSON.stringify(payload) }, options, responseUrl);
  }

  /**
   * Clicks a button of a view (the Home tab) as Slack sends it: a `view` container, the view in
   * the payload, and neither a channel nor a response_url.
   */
  async clickInView(view: { type: string; blocks?: unknown[] }, target: { actionId: string; value?: string }, options: RequestOptions = {}): Promise<SentRequest> {
    const element = elementsOf(view).find((e) => e.action_id === target.actionId && (target.value === undefined || e.value === target.value));
    if (!element) throw new Error(`no element ${target.actionId}${target.value ? ` (${target.value})` : ''} in the view`);
    const userId = options.userId ?? this.options.userId;
    const teamId = this.options.teamId ?? 'T1';
    const payload = {
      type: 'block_actions',
      user: { id: userId, username: `user-${userId}`, name: `user-${userId}`, team_id: teamId },
      api_app_id: 'A1',
      token: 'legacy-verification-token',
      container: { type: 'view', view_id: 'VHOME1' },
      trigger_id: `trigger-${Date.now()}`,
      team: { id: teamId, domain: 'test' },
      view: {
        id: 'VHOME1',
        team_id: teamId,
        type: view.type,
        blocks: view.blocks,
        private_metadata: '',
        callback_id: '',
        state: { values: {} },
        hash: '1.1',
        app_id: 'A1',
        bot_id: 'BBOT',
      },
      actions: [{ type: element.type, action_id: element.action_id, block_id: element.block_id, value: element.value, text: element.text, action_ts: `${Date.now() / 1000}` }],
    };
    return this.send({ payload: JSON.stringify(payload) }, options, '');
  }
}

/** Every interactive element of a message, for assertions about what is offered. */
export function interactiveElements(message: SlackMessage): Array<{ actionId: string; value?: string; type: string }> {
  return elementsOf(message).map((e) => ({ actionId: e.action_id ?? '', value: e.value, type: e.type }));
}
