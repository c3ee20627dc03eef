import { randomBytes } from 'node:crypto';
import type { Json, Workspace } from './workspace';

/** Where a response_url was handed out: a slash command, or a click on a message. */
export type ResponseOrigin =
  | { kind: 'command'; userId: string; channelId: string; commandText: string }
  | { kind: 'interaction'; userId: string; channelId: string; messageTs: string; threadTs?: string };

interface Issued {
  origin: ResponseOrigin;
  issuedAt: number;
  uses: number;
  /** An in_channel answer to a command shows the command itself once, as Slack does. */
  commandShown: boolean;
}

export interface ResponseAnswer {
  status: number;
  body: Json;
}

/** Slack's limits on a response_url: 5 uses within 30 minutes. */
export const RESPONSE_URL_USES = 5;
export const RESPONSE_URL_LIFETIME_MS = 30 * 60_000;

const ok = (): ResponseAnswer => ({ status: 200, body: { ok: true } });
const refused = (status: number, error: string): ResponseAnswer => ({ status, body: { ok: false, error } });

/**
 * The response_urls the playground hands the bot, and what a POST to one does, as in Slack:
 * `response_type` ephemeral (the default) or in_channel for a new message; `replace_original`
 * and `delete_original` act on the message that was clicked. A command's response_url has no
 * original: Slack ignores replace_original there and posts a new message.
 */
export class ResponseUrls {
  private readonly issued = new Map<string, Issued>();

  constructor(
    private readonly workspace: Workspace,
    private readonly baseUrl: () => string,
    private readonly now: () => Date,
  ) {}

  issue(origin: ResponseOrigin): string {
    const id = randomBytes(12).toString('hex');
    this.issued.set(id, { origin, issuedAt: this.now().getTime(), uses: 0, commandShown: false });
    return `${this.baseUrl()}/response/${id}`;
  }

  receive(id: string, raw: string): ResponseAnswer {
    const issued = this.issued.get(id);
    if (!issued) return refused(404, 'invalid_url');
    if (this.now().getTime() - issued.issuedAt > RESPONSE_URL_LIFETIME_MS) return refused(404, 'expired_url');
    if (issued.uses >= RESPONSE_URL_USES) return refused(404, 'used_url');
    let body: Json;
    try {
      body = JSON.parse(raw) as Json;
    } catch {
      return refused(400, 'invalid_payload');
    }
    issued.uses += 1;
    return this.apply(issued, body);
  }

  /** A response given in the ack body itself (a command's immediate answer). */
  applyAck(origin: ResponseOrigin, body: Json): void {
    this.apply({ origin, issuedAt: this.now().getTime(), uses: 1, commandShown: false }, body);
  }

  private apply(issued: Issued, body: Json): ResponseAnswer {
    const { origin } = issued;
    const text = typeof body.text === 'string' ? body.text : '';
    const blocks = Array.isArray(body.blocks) ? (body.blocks as Json[]) : undefined;
    if (origin.kind === 'interaction' && body.delete_original === true) {
      return this.workspace.remove(origin.channelId, origin.messageTs) ? ok() : refused(404, 'message_not_found');
    }
    if (!text && !blocks?.length) return refused(400, 'no_text');
    if (origin.kind === 'interaction' && body.replace_original === true) {
      return this.workspace.replace(origin.channelId, origin.messageTs, { text, blocks }) ? ok() : refused(404, 'message_not_found');
    }
    const inChannel = body.response_type === 'in_channel';
    const threadTs = typeof body.thread_ts === 'string' ? body.thread_ts : origin.kind === 'interaction' ? origin.threadTs : undefined;
    if (inChannel && origin.kind === 'command' && !issued.commandShown) {
      issued.commandShown = true;
      this.workspace.post({ channel: origin.channelId, author: { kind: 'user', userId: origin.userId }, text: origin.commandText });
    }
    this.workspace.post({
      channel: origin.channelId,
      author: { kind: 'bot' },
      text,
      blocks,
      threadTs,
      ...(inChannel ? {} : { visibleTo: origin.userId }),
    });
    return ok();
  }
}
