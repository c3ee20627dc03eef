import { extname, join } from 'node:path';
import { parse } from 'node:querystring';
import { Worker } from 'node:worker_threads';
import type { App, Receiver } from '@slack/bolt';
import type { Logger } from '../../logging/logger';
import { writeThreadLog } from '../../logging/thread-logger';
import { lowerAllThreadsBut } from '../../scheduling/answer-priority';
import { answerOf, type PortRoute } from '../app/port-routes';
import type { SlackMessage } from '../blocks/message';
import type { FromFront, ToFront } from './front-protocol';

export interface FrontSettings {
  port: number;
  host?: string;
  signingSecret: string;
  routes: PortRoute[];
  /** Where an ack that carries a message goes, the request having been acked already: its response_url. */
  respondTo(responseUrl: string, message: SlackMessage): Promise<void>;
  /** Once the front listens, every other thread of the process takes this nice value (see answer-priority.ts); unset: unchanged. */
  answerNice?: number;
  /** The front thread's compiled script, when the bot runs from TypeScript sources (tests build it once). */
  script?: string;
  logger: Logger;
}

const REOPEN_FIRST_MS = 100;
const REOPEN_MAX_MS = 10_000;

/** A listen error as the port's start-up failure reads it (EADDRINUSE, EACCES…). */
class ListenError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** As Bolt's receivers read a request: a form (its `payload` field JSON when present) or JSON. */
function parseBody(rawBody: string, contentType: string): Record<string, unknown> {
  if (contentType === 'application/x-www-form-urlencoded') {
    const form = parse(rawBody);
    return typeof form.payload === 'string' ? JSON.parse(form.payload) : form;
  }
  return JSON.parse(rawBody);
}

/** Ack(response) with something to say: a string is a message's text. */
function ackMessage(response: unknown): SlackMessage | null {
  if (response === undefined || response === null || response === '') return null;
  return (typeof response === 'string' ? { text: response } : response) as SlackMessage;
}

/**
 * Bolt's receiver for HTTP mode. The port belongs to the front thread (front-thread.ts), which
 * checks signatures and acks; this side turns each forwarded request into Bolt's processEvent,
 * so listeners run as with Bolt's own receiver, and serves /healthz and /metrics for the front.
 */
export class FrontReceiver implements Receiver {
  private app: App | null = null;
  private worker: Worker | null = null;
  private stopping = false;

  constructor(private readonly settings: FrontSettings) {}

  init(app: App): void {
    this.app = app;
  }

  /** Resolves with the port bound. */
  async start(): Promise<number> {
    this.stopping = false;
    const { port, thread } = await this.open(this.settings.port);
    const { answerNice } = this.settings;
    const lowered = answerNice !== undefined && lowerAllThreadsBut(thread, answerNice);
    this.settings.logger.info('slack.front_listening', { port, frontThread: thread, answerNice: lowered ? answerNice : null });
    return port;
  }

  /** A front thread listening on `port`; one that dies later is replaced on the port it had. */
  private open(port: number): Promise<Extract<FromFront, { type: 'listening' }>> {
    const file = this.settings.script ?? join(__dirname, `front-thread${extname(__filename)}`);
    const worker = new Worker(file, { execArgv: extname(file) === '.ts' ? ['-r', 'ts-node/register/transpile-only'] : undefined });
    this.worker = worker;
    let bound: number | null = null;
    const listening = new Promise<Extract<FromFront, { type: 'listening' }>>((resolve, reject) => {
      worker.on('message', (message: FromFront) => {
        if (message.type === 'listening') {
          bound = message.port;
          resolve(message);
        } else if (message.type === 'listen-failed') reject(new ListenError(message.message, message.code));
        else this.receive(message);
      });
      worker.on('error', (error) => this.settings.logger.error('slack.front_failed', { error }));
      worker.on('exit', (code) => {
        reject(new Error(`the front thread exited (${code})`));
        if (this.worker !== worker) return;
        this.worker = null;
        if (this.stopping || bound === null) return;
        this.settings.logger.error('slack.front_exited', { code, port: bound });
        this.reopen(bound, REOPEN_FIRST_MS);
      });
    });
    const { host, signingSecret, routes } = this.settings;
    worker.postMessage({ type: 'start', port, host, signingSecret, routes: routes.map((route) => route.path) } satisfies ToFront);
    return listening.catch(async (error: unknown) => {
      if (this.worker === worker) this.worker = null;
      await worker.terminate();
      throw error;
    });
  }

  /** Until a new front thread listens again (the old one's port may take a moment to free). */
  private reopen(port: number, delayMs: number): void {
    const timer = setTimeout(() => {
      if (this.stopping) return;
      this.open(port).then(
        ({ thread }) => {
          // stop() came while it was starting: it found no thread to stop.
          if (this.stopping) return void this.stop();
          this.settings.logger.info('slack.front_listening', { port, frontThread: thread, reopened: true });
        },
        (error: unknown) => {
          this.settings.logger.error('slack.front_reopen_failed', { error, retryInMs: delayMs });
          this.reopen(port, Math.min(delayMs * 2, REOPEN_MAX_MS));
        },
      );
    }, delayMs);
    timer.unref();
  }

  async stop(): Promise<void> {
    this.stopping = true; // also ends a replacement under way
    const worker = this.worker;
    if (!worker) return;
    this.worker = null;
    const stopped = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 5_000);
      worker.on('message', (message: FromFront) => {
        if (message.type !== 'stopped') return;
        clearTimeout(timer);
        resolve();
      });
    });
    worker.postMessage({ type: 'stop' } satisfies ToFront);
    await stopped;
    await worker.terminate();
  }

  private post(message: ToFront): void {
    this.worker?.postMessage(message);
  }

  private receive(message: FromFront): void {
    switch (message.type) {
      case 'log':
        writeThreadLog(this.settings.logger, message);
        return;
      case 'route':
        void this.answerRoute(message.id, message.path);
        return;
      case 'request':
        this.dispatch(message);
        return;
    }
  }

  private async answerRoute(id: number, path: string): Promise<void> {
    const route = this.settings.routes.find((candidate) => candidate.path === path);
    const answer = route ? await answerOf(route, this.settings.logger) : { status: 404, contentType: 'text/plain; charset=utf-8', body: '' };
    this.post({ type: 'route-answer', id, answer });
  }

  private dispatch(request: Extract<FromFront, { type: 'request' }>): void {
    const app = this.app;
    if (!app) return;
    let body: Record<string, unknown>;
    try {
      body = parseBody(request.rawBody, request.contentType);
    } catch (error) {
      this.settings.logger.warn('slack.request_unreadable', { error });
      return;
    }
    let acked = false;
    const ack = async (response?: unknown): Promise<void> => {
      if (acked) return;
      acked = true;
      const message = ackMessage(response);
      const responseUrl = body.response_url;
      if (message && typeof responseUrl === 'string') await this.settings.respondTo(responseUrl, message);
    };
    app
      .processEvent({ body, ack, retryNum: request.retryNum, retryReason: request.retryReason })
      .catch((error: unknown) => this.settings.logger.error('slack.unhandled', { error }));
  }
}
