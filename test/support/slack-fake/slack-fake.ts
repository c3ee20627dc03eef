import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SocketModeServer } from './socket-mode-server';

/** One Web API call as the fake received it; JSON-encoded fields (blocks…) are decoded. */
export interface ApiCall {
  index: number;
  method: string;
  args: Record<string, unknown>;
  token: string | null;
  at: number;
  /** What the fake answered (0: no answer, the connection was cut or the request hung). */
  status: number;
  /** For a request the fake never answered: 'open' while the client waits, 'abandoned' once it gave up. */
  hung?: 'open' | 'abandoned';
}

/** One POST to a response_url. */
export interface ResponsePost {
  index: number;
  url: string;
  body: Record<string, unknown>;
  at: number;
  /** 200, or 404 when Slack would refuse it: the URL used 5 times already, or issued over 30 minutes ago. */
  status: number;
}

/** Slack's limits on a response_url: 5 uses within 30 minutes of the interaction. */
export const RESPONSE_URL_USES = 5;
export const RESPONSE_URL_LIFETIME_MS = 30 * 60_000;

export interface PostedMessage {
  channel: string;
  ts: string;
  threadTs?: string;
  text?: string;
  blocks?: unknown[];
  updated: number;
}

/** A scripted answer: an HTTP status with Retry-After, a Slack error, a cut connection, or no answer at all. */
export type Scripted = { status: 429; retryAfterSeconds: number } | { status: 500 | 502 | 503 | 504 } | { error: string } | { drop: true } | { hang: true };

interface Script {
  answer: Scripted;
  /** Only calls whose arguments match take this answer (e.g. one channel's posts). */
  match?: (args: Record<string, unknown>) => boolean;
}

type Handler = (args: Record<string, unknown>) => Record<string, unknown>;

const JSON_FIELDS = new Set(['blocks', 'attachments', 'metadata', 'view']);

function decode(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    args[key] = JSON_FIELDS.has(key) ? JSON.parse(value) : value;
  }
  return args;
}

/**
 * Slack's Web API and response_url endpoints on loopback. Records every call, keeps what each
 * channel shows, and can answer with rate limits, server errors or Slack errors on demand.
 */
export class SlackFake {
  readonly calls: ApiCall[] = [];
  readonly responses: ResponsePost[] = [];
  readonly events = new EventEmitter();
  private readonly scripts = new Map<string, Script[]>();
  private readonly handlers = new Map<string, Handler>();
  private readonly messages: PostedMessage[] = [];
  private readonly groups = new Map<string, string[]>();
  private readonly members = new Map<string, boolean>();
  private readonly userChannels = new Map<string, string[]>();
  /** The Home view last published for each user (views.publish). */
  readonly homeViews = new Map<string, { type: string; blocks: unknown[] }>();
  private tsCounter = 0;
  private responseCounter = 0;
  private server!: Server;
  private port = 0;
  /** Slack's Socket Mode side, for bots started with an app token. */
  socket!: SocketModeServer;
  /** When false, apps.connections.open fails (Socket Mode cannot connect). */
  socketModeAvailable = true;
  /** While set (e.g. 'token_revoked'), every Web API call is refused with this error, as Slack does for a dead token. */
  authError: string | null = null;
  /** The clock response_urls expire by (tests that move the bot's clock move this one too). */
  now: () => number = Date.now;
  /** When each response_url was handed out, by the clock above. */
  private readonly issuedAt = new Map<string, number>();

  static async start(): Promise<SlackFake> {
    const fake = new SlackFake();
    fake.server = createServer((req, res) => void fake.route(req, res));
    fake.socket = new SocketModeServer(fake.server);
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', () => resolve()));
    fake.port = (fake.server.address() as AddressInfo).port;
    fake.events.setMaxListeners(0);
    return fake;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** For Bolt's clientOptions.slackApiUrl / SLACK_API_URL. */
  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  async close(): Promise<void> {
    await this.socket.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** A fresh response_url. */
  responseUrl(label = 'r'): string {
    this.responseCounter += 1;
    const url = `${this.baseUrl}/response/${label}-${this.responseCounter}`;
    this.issuedAt.set(url, this.now());
    return url;
  }

  /** POSTs to the URL Slack refused (used up or expired). */
  refusedResponses(url?: string): ResponsePost[] {
    return this.responses.filter((post) => post.status !== 200 && (url === undefined || post.url === url));
  }

  setUserGroup(groupId: string, userIds: string[]): void {
    this.groups.set(groupId, userIds);
  }

  /** By default the bot is a member everywhere; false makes chat.postMessage say not_in_channel. */
  setMember(channel: string, member: boolean): void {
    this.members.set(channel, member);
  }

  /** The channels users.conversations lists for `userId` (none unless set). */
  setUserChannels(userId: string, channels: string[]): void {
    this.userChannels.set(userId, channels);
  }

  /** Resolves with the next Home view published for the user that passes `predicate`. */
  async waitForHome(
    userId: string,
    predicate: (view: { type: string; blocks: unknown[] }) => boolean = () => true,
    options: { from?: number; timeoutMs?: number } = {},
  ): Promise<{ type: string; blocks: unknown[] }> {
    const call = await this.waitForCall('views.publish', (c) => c.args.user_id === userId && predicate(c.args.view as { type: string; blocks: unknown[] }), options);
    return call.args.view as { type: string; blocks: unknown[] };
  }

  /**
   * The next `times` calls of `method` get `answer` instead of the normal one; with `match`, only
   * calls whose arguments match count (e.g. `(args) => args.channel === 'C1'`).
   */
  failNext(method: string, answer: Scripted, times = 1, match?: (args: Record<string, unknown>) => boolean): void {
    const queue = this.scripts.get(method) ?? [];
    for (let i = 0; i < times; i += 1) queue.push({ answer, match });
    this.scripts.set(method, queue);
  }

  private takeScript(method: string, args: Record<string, unknown>): Scripted | undefined {
    const queue = this.scripts.get(method);
    const index = queue?.findIndex((script) => !script.match || script.match(args)) ?? -1;
    if (!queue || index < 0) return undefined;
    return queue.splice(index, 1)[0].answer;
  }

  setHandler(method: string, handler: Handler): void {
    this.handlers.set(method, handler);
  }

  callsTo(method: string, from = 0): ApiCall[] {
    return this.calls.slice(from).filter((call) => call.method === method);
  }

  /** Messages the channel shows (top level and thread replies), with chat.update applied. */
  messagesIn(channel: string): PostedMessage[] {
    return this.messages.filter((m) => m.channel === channel);
  }

  message(channel: string, ts: string): PostedMessage | undefined {
    return this.messages.find((m) => m.channel === channel && m.ts === ts);
  }

  responsesTo(url: string): ResponsePost[] {
    return this.responses.filter((post) => post.url === url);
  }

  /** Counters now: pass to waitFor* as `from` to consider only what comes later. */
  mark(): { calls: number; responses: number } {
    return { calls: this.calls.length, responses: this.responses.length };
  }

  waitForCall(method: string, predicate: (call: ApiCall) => boolean = () => true, options: { from?: number; timeoutMs?: number } = {}): Promise<ApiCall> {
    const test = (call: ApiCall): boolean => call.method === method && call.status === 200 && predicate(call);
    return this.waitFor('call', this.calls.slice(options.from ?? 0), test, options.timeoutMs, `a successful ${method} call`);
  }

  /** Resolves with the `count`-th call of `method` (from `from`) matching `predicate`, whatever the fake answered. */
  waitForCalls(method: string, count: number, predicate: (call: ApiCall) => boolean = () => true, options: { from?: number; timeoutMs?: number } = {}): Promise<ApiCall> {
    let seen = 0;
    const test = (call: ApiCall): boolean => call.method === method && predicate(call) && (seen += 1) >= count;
    return this.waitFor('call', this.calls.slice(options.from ?? 0), test, options.timeoutMs, `${count} ${method} calls`);
  }

  /** Resolves once the client gave up on a request the fake left unanswered. */
  waitForAbandoned(call: ApiCall, timeoutMs = 20_000): Promise<ApiCall> {
    const test = (item: ApiCall): boolean => item.index === call.index && item.hung === 'abandoned';
    return this.waitFor('abandoned', call.hung === 'abandoned' ? [call] : [], test, timeoutMs, `the client to give up call ${call.index}`);
  }

  waitForResponse(target: string | ((post: ResponsePost) => boolean), options: { from?: number; timeoutMs?: number } = {}): Promise<ResponsePost> {
    const test = typeof target === 'string' ? (post: ResponsePost) => post.url === target : target;
    return this.waitFor('response', this.responses.slice(options.from ?? 0), test, options.timeoutMs, `a response_url post${typeof target === 'string' ? ` to ${target}` : ''}`);
  }

  private waitFor<T>(event: string, existing: T[], test: (item: T) => boolean, timeoutMs = 20_000, what: string): Promise<T> {
    const found = existing.find(test);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const listener = (item: T): void => {
        if (!test(item)) return;
        clearTimeout(timer);
        this.events.off(event, listener);
        resolve(item);
      };
      const timer = setTimeout(() => {
        this.events.off(event, listener);
        const recent = this.calls.slice(-6).map((c) => `${c.method}:${c.status}`);
        reject(new Error(`Slack fake: no ${what} within ${timeoutMs} ms (recent calls: ${recent.join(', ') || 'none'}; responses: ${this.responses.length})`));
      }, timeoutMs);
      this.events.on(event, listener);
    });
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = req.url ?? '/';
    if (url.startsWith('/response/')) {
      const full = `${this.baseUrl}${url}`;
      const post: ResponsePost = { index: this.responses.length, url: full, body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {}, at: Date.now(), status: 200 };
      // As Slack does (and the playground): 404 `used_url` after 5 uses, `expired_url` after 30 minutes.
      const used = this.responses.filter((p) => p.url === full && p.status === 200).length;
      const issued = this.issuedAt.get(full);
      const refusal = used >= RESPONSE_URL_USES ? 'used_url' : issued !== undefined && this.now() - issued > RESPONSE_URL_LIFETIME_MS ? 'expired_url' : null;
      if (refusal) post.status = 404;
      // failNext('response_url', { status: 503 }) makes the next post fail as a Slack outage would.
      const scripted = refusal ? undefined : this.takeScript('response_url', { url: full });
      if (scripted && 'status' in scripted) post.status = scripted.status;
      this.responses.push(post);
      if (refusal) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end(refusal);
        return;
      }
      if (post.status !== 200) {
        res.writeHead(post.status, { 'Content-Type': 'text/plain' }).end('service_unavailable');
        return;
      }
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
      this.events.emit('response', post);
      return;
    }
    const method = url.replace(/^\/api\//, '').split('?')[0];
    const args = decode(raw, req.headers['content-type']);
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '') || (typeof args.token === 'string' ? args.token : null);
    const scripted = this.takeScript(method, args);
    const call: ApiCall = { index: this.calls.length, method, args, token, at: Date.now(), status: 200 };
    if (scripted && 'hang' in scripted) {
      // Never answered: the client has to give up on its own.
      call.status = 0;
      call.hung = 'open';
      req.socket.once('close', () => {
        call.hung = 'abandoned';
        this.events.emit('abandoned', call);
      });
      this.record(call);
      return;
    }
    if (scripted && 'drop' in scripted) {
      call.status = 0;
      this.record(call);
      req.socket.destroy();
      return;
    }
    if (scripted && 'status' in scripted) {
      call.status = scripted.status;
      this.record(call);
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (scripted.status === 429) headers['Retry-After'] = String(scripted.retryAfterSeconds);
      res.writeHead(scripted.status, headers).end(JSON.stringify({ ok: false, error: scripted.status === 429 ? 'ratelimited' : 'internal_error' }));
      return;
    }
    const refusal = this.authError ?? (scripted && 'error' in scripted ? scripted.error : null);
    const body = refusal ? { ok: false, error: refusal } : this.answer(method, args);
    if (body.ok === false) call.status = 299; // HTTP 200 with ok:false, distinguishable in assertions
    this.record(call);
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  }

  private record(call: ApiCall): void {
    this.calls.push(call);
    this.events.emit('call', call);
  }

  private nextTs(): string {
    this.tsCounter += 1;
    return `1700000000.${String(this.tsCounter).padStart(6, '0')}`;
  }

  private answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    const custom = this.handlers.get(method);
    if (custom) return custom(args);
    const channel = String(args.channel ?? '');
    switch (method) {
      case 'auth.test':
        return { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1', team: 'test', url: 'https://test.slack.com/' };
      case 'apps.connections.open':
        if (!this.socketModeAvailable) return { ok: false, error: 'internal_error' };
        return { ok: true, url: `ws://127.0.0.1:${this.port}/socket?ticket=${this.calls.length}` };
      case 'chat.postMessage': {
        if (this.members.get(channel) === false) return { ok: false, error: 'not_in_channel' };
        const message: PostedMessage = { channel, ts: this.nextTs(), text: args.text as string, blocks: args.blocks as unknown[], updated: 0 };
        if (args.thread_ts) message.threadTs = String(args.thread_ts);
        this.messages.push(message);
        return { ok: true, channel, ts: message.ts, message: { text: message.text, blocks: message.blocks } };
      }
      case 'chat.update': {
        const message = this.message(channel, String(args.ts));
        if (!message) return { ok: false, error: 'message_not_found' };
        Object.assign(message, { text: args.text, blocks: args.blocks, updated: message.updated + 1 });
        return { ok: true, channel, ts: message.ts };
      }
      case 'conversations.join':
        this.members.set(channel, true);
        return { ok: true, channel: { id: channel } };
      case 'conversations.info':
        return { ok: true, channel: { id: channel, is_private: false, is_member: this.members.get(channel) !== false } };
      case 'usergroups.users.list': {
        const users = this.groups.get(String(args.usergroup));
        return users ? { ok: true, users } : { ok: false, error: 'no_such_subteam' };
      }
      case 'users.conversations': {
        // Cursor pagination as Slack does it: an opaque cursor, and an empty next_cursor on the last page.
        const all = this.userChannels.get(String(args.user)) ?? [];
        const start = args.cursor ? Number(Buffer.from(String(args.cursor), 'base64').toString('utf8')) : 0;
        const limit = Number(args.limit ?? 100);
        const page = all.slice(start, start + limit);
        const next = start + limit < all.length ? Buffer.from(String(start + limit)).toString('base64') : '';
        return { ok: true, channels: page.map((id) => ({ id, name: id.toLowerCase(), is_channel: true })), response_metadata: { next_cursor: next } };
      }
      case 'views.publish': {
        const view = args.view as { type: string; blocks: unknown[] };
        this.homeViews.set(String(args.user_id), view);
        return { ok: true, view: { id: `V${this.calls.length}`, ...view } };
      }
      case 'users.info':
        return { ok: true, user: { id: args.user, name: `user-${String(args.user)}`, tz: 'UTC' } };
      default:
        return { ok: true };
    }
  }
}
