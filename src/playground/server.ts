import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logging/logger';
import { BotDelivery, type BotEndpoint } from './bot-delivery';
import { EventStream } from './event-stream';
import { readBody, sendJson } from './http-io';
import { handlePageApi } from './page-api';
import { homeViewHtml, messageView } from './render/message-view';
import { ResponseUrls } from './response-urls';
import type { SimulationResult } from './simulate-failure';
import { serveAsset } from './static-assets';
import { UserRequests } from './user-requests';
import { decodeArguments, WebApi } from './web-api';
import { Workspace } from './workspace';

export interface StandInOptions {
  port: number;
  /** Loopback unless said otherwise: the playground is for this machine only. */
  host?: string;
  botToken: string;
  /** The slash command the bot registers (SLASH_COMMAND). */
  command: string;
  logger: Logger;
  now?: () => Date;
  /** How long the bot has to acknowledge a command or click (Slack's 3 s by default). */
  ackTimeoutMs?: number;
}

/**
 * The local stand-in for Slack: one HTTP server on loopback that is the bot's Web API
 * (/api/<method>), its response_urls (/response/<id>), and the page people use (/, /assets/,
 * /playground/). It is not Slack and says so on every screen.
 */
export class SlackStandIn {
  readonly workspace: Workspace;
  readonly requests: UserRequests;
  private readonly delivery: BotDelivery;
  private readonly responseUrls: ResponseUrls;
  private readonly webApi: WebApi;
  private readonly events = new EventStream();
  private readonly server: Server;
  private port = 0;
  /** Set once the simulated cluster and the bot run. */
  simulate: (space: string) => Promise<SimulationResult> = async () => ({ ok: false, error: 'The simulated cluster is not running yet.' });

  private constructor(private readonly options: StandInOptions) {
    const now = options.now ?? (() => new Date());
    this.workspace = new Workspace(now);
    this.delivery = new BotDelivery({ ackTimeoutMs: options.ackTimeoutMs ?? 3_000, now });
    this.responseUrls = new ResponseUrls(this.workspace, () => this.baseUrl, now);
    this.webApi = new WebApi(this.workspace, { botToken: options.botToken, baseUrl: () => this.baseUrl });
    this.requests = new UserRequests({ workspace: this.workspace, responseUrls: this.responseUrls, delivery: this.delivery, command: options.command, now });
    this.workspace.onChange((change) => {
      if (change.kind === 'message') this.events.send('message', messageView(change.message, this.workspace));
      if (change.kind === 'deleted') this.events.send('deleted', { channel: change.channel, ts: change.ts });
      if (change.kind === 'home') this.events.send('home', homeViewHtml(change.home));
    });
    this.server = createServer((req, res) => {
      this.route(req, res).catch((error: unknown) => {
        options.logger.error('playground.request_failed', { path: req.url, error });
        if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'internal_error' });
      });
    });
  }

  static async start(options: StandInOptions): Promise<SlackStandIn> {
    const standIn = new SlackStandIn(options);
    await new Promise<void>((resolve, reject) => {
      standIn.server.once('error', reject);
      standIn.server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
    });
    standIn.port = (standIn.server.address() as AddressInfo).port;
    return standIn;
  }

  /** Where the stand-in answers (loopback address), for the bot's Web API and response_urls. */
  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** For SLACK_API_URL. */
  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  /** The address to open in a browser. */
  get pageUrl(): string {
    return `http://localhost:${this.port}/`;
  }

  connectBot(endpoint: BotEndpoint): void {
    this.delivery.connect(endpoint);
  }

  async close(): Promise<void> {
    this.events.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', this.baseUrl).pathname;
    if (req.method === 'POST' && path.startsWith('/api/')) {
      const raw = await readBody(req);
      const args = decodeArguments(raw ?? '', req.headers['content-type']);
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? null;
      return sendJson(res, 200, this.webApi.call(path.slice('/api/'.length), args, bearer ?? (typeof args.token === 'string' ? args.token : null)));
    }
    if (req.method === 'POST' && path.startsWith('/response/')) {
      const answer = this.responseUrls.receive(path.slice('/response/'.length), (await readBody(req)) ?? '');
      return sendJson(res, answer.status, answer.body);
    }
    if (req.method === 'GET' && path === '/playground/events') return this.events.attach(req, res);
    if (path.startsWith('/playground/')) {
      return handlePageApi(req, res, path.slice('/playground/'.length), {
        workspace: this.workspace,
        requests: this.requests,
        command: this.options.command,
        simulate: (space) => this.simulate(space),
      });
    }
    if ((req.method === 'GET' || req.method === 'HEAD') && (await serveAsset(path, res))) return;
    sendJson(res, 404, { ok: false, error: 'not_found' });
  }
}
