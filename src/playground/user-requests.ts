import { randomBytes } from 'node:crypto';
import type { BotDelivery } from './bot-delivery';
import { actionOf, findElement, messageActionsPayload, slashCommandForm, viewActionsPayload } from './interaction-payloads';
import type { ResponseUrls } from './response-urls';
import { findChannel, findUser } from './roster';
import type { Json, Workspace } from './workspace';

export type RequestResult = { ok: true } | { ok: false; error: string };

export interface Click {
  userId: string;
  blockId: string;
  actionId: string;
  /** The option picked in a select. */
  value?: string;
}

/** Slack stores typed text with &, < and > escaped. */
function escapeTyped(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function triggerId(): string {
  return `${Date.now()}.${randomBytes(6).toString('hex')}`;
}

/**
 * What a person does in the playground, turned into what Slack would send the bot: typed text
 * (a slash command, or a plain message), and clicks on buttons and selects.
 */
export class UserRequests {
  constructor(private readonly deps: { workspace: Workspace; responseUrls: ResponseUrls; delivery: BotDelivery; command: string; now: () => Date }) {}

  /** The composer: `/command text` runs a command; anything else is a message in the channel. */
  async say(userId: string, channelId: string, typed: string): Promise<RequestResult> {
    const text = typed.trim();
    if (!findUser(userId) || !findChannel(channelId)) return { ok: false, error: 'unknown user or channel' };
    if (!text) return { ok: false, error: 'nothing to send' };
    if (!text.startsWith('/')) {
      this.deps.workspace.post({ channel: channelId, author: { kind: 'user', userId }, text: escapeTyped(text) });
      return { ok: true };
    }
    const [command] = text.split(/\s/, 1);
    if (command !== this.deps.command) {
      this.note(userId, channelId, `\`${escapeTyped(command)}\` is not a command in this playground. It knows \`${this.deps.command}\`: try \`${this.deps.command} help\`.`);
      return { ok: true };
    }
    return this.runCommand(userId, channelId, text.slice(command.length).trim());
  }

  async runCommand(userId: string, channelId: string, text: string): Promise<RequestResult> {
    const { command } = this.deps;
    const origin = { kind: 'command' as const, userId, channelId, commandText: escapeTyped(`${command} ${text}`.trim()) };
    const responseUrl = this.deps.responseUrls.issue(origin);
    const ack = await this.deps.delivery.deliver(slashCommandForm({ userId, channelId, command, text, responseUrl, triggerId: triggerId() }));
    if (!ack.ok) {
      this.note(userId, channelId, `:warning: \`${command}\` failed with the error "${ack.error}".`);
      return { ok: false, error: ack.error };
    }
    // An app may answer in the ack itself: JSON like a response_url body, or plain text.
    if (ack.body.trim()) {
      let body: Json;
      try {
        body = JSON.parse(ack.body) as Json;
      } catch {
        body = { text: ack.body };
      }
      this.deps.responseUrls.applyAck(origin, body);
    }
    return { ok: true };
  }

  async clickInMessage(channelId: string, ts: string, click: Click): Promise<RequestResult> {
    const message = this.deps.workspace.find(channelId, ts);
    if (!message || (message.visibleTo && message.visibleTo !== click.userId)) return { ok: false, error: 'That message is gone.' };
    const found = findElement(message.blocks, click.blockId, click.actionId);
    const action = found && actionOf(found, click.value, this.actionTs());
    if (!action) return { ok: false, error: 'That button or option is no longer in the message.' };
    const responseUrl = this.deps.responseUrls.issue({ kind: 'interaction', userId: click.userId, channelId, messageTs: ts, threadTs: message.threadTs });
    const payload = messageActionsPayload({ userId: click.userId, message, action, responseUrl, triggerId: triggerId() });
    return this.deliverClick(payload);
  }

  async clickInHome(click: Click): Promise<RequestResult> {
    const home = this.deps.workspace.home(click.userId);
    const found = home && findElement((home.view.blocks as Json[] | undefined) ?? [], click.blockId, click.actionId);
    const action = found && actionOf(found, click.value, this.actionTs());
    if (!home || !action) return { ok: false, error: 'That button or option is no longer in the Home tab.' };
    return this.deliverClick(viewActionsPayload({ userId: click.userId, viewId: home.id, view: home.view, action, triggerId: triggerId() }));
  }

  private async deliverClick(payload: Json): Promise<RequestResult> {
    const ack = await this.deps.delivery.deliver({ payload: JSON.stringify(payload) });
    // Slack shows a failed click as a warning next to the element, not as a message.
    return ack.ok ? { ok: true } : { ok: false, error: `The bot did not answer the click (${ack.error}).` };
  }

  private actionTs(): string {
    return (this.deps.now().getTime() / 1000).toFixed(6);
  }

  /** A message from the playground itself, for one user, as Slackbot would send. */
  private note(userId: string, channelId: string, text: string): void {
    this.deps.workspace.post({ channel: channelId, author: { kind: 'playground' }, text, visibleTo: userId });
  }
}
