import { readlinkSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parentPort } from 'node:worker_threads';
import { threadLogger } from '../../logging/thread-logger';
import type { RouteAnswer } from '../app/port-routes';
import type { FromFront, ToFront } from './front-protocol';
import { signatureProblem } from './slack-signature';

/**
 * The front thread: it owns the HTTP port, checks Slack's signature and acks at once, then hands
 * the request to the main thread, where the listeners run. Nothing the listeners do (reading
 * NebulaGraph, building Block Kit, posting to response_url, their garbage) can delay an ack, and
 * in a bot process every other thread runs at a lower priority than this one (answer-priority.ts).
 */
const parent = parentPort;
if (!parent) throw new Error('front-thread must run in a worker thread');

const send = (message: FromFront): void => parent.postMessage(message);
const logger = threadLogger(send);

const EVENTS_PATH = '/slack/events';
/** As Bolt's HTTP receiver. */
const BODY_LIMIT_BYTES = 4 * 1024 * 1024;
/** A GET route the main thread does not answer in time gets a 503. */
const ROUTE_TIMEOUT_MS = 10_000;
const FORM = 'application/x-www-form-urlencoded';

let settings: Extract<ToFront, { type: 'start' }> | null = null;
const routeWaits = new Map<number, (answer: RouteAnswer) => void>();
let nextRouteId = 0;

class TooLarge extends Error {}

/** This thread's id (Linux), so that an operator can find it in /proc or top. */
function threadId(): number | undefined {
  try {
    return Number(readlinkSync('/proc/thread-self').split('/').pop());
  } catch {
    return undefined;
  }
}

/** The body as text; TooLarge above the limit, once the client has sent it all (so it reads the 413). */
function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= BODY_LIMIT_BYTES) chunks.push(chunk);
    });
    request.on('end', () => (size > BODY_LIMIT_BYTES ? reject(new TooLarge()) : resolve(Buffer.concat(chunks).toString('utf8'))));
    request.on('error', reject);
  });
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function reply(response: ServerResponse, status: number, contentType?: string, body?: string): void {
  response.writeHead(status, contentType ? { 'Content-Type': contentType } : undefined);
  response.end(body);
}

/**
 * Slack's ssl_check (a form with ssl_check=1) is unsigned and wants a bare 200. Matched in the
 * raw form, not by parsing every click's payload here: inside a field `&` is encoded as %26.
 */
const SSL_CHECK = /(?:^|&)ssl_check=1(?:&|$)/;
function isSslCheck(contentType: string, rawBody: string): boolean {
  return contentType.startsWith(FORM) && SSL_CHECK.test(rawBody);
}

/** The Events API's url_verification wants its challenge back; nothing else is answered here. */
function challengeOf(contentType: string, rawBody: string): string | undefined {
  if (contentType.startsWith(FORM) || !rawBody.includes('url_verification')) return undefined;
  const body = JSON.parse(rawBody) as { type?: unknown; challenge?: unknown };
  return body.type === 'url_verification' && typeof body.challenge === 'string' ? body.challenge : undefined;
}

async function receive(request: IncomingMessage, response: ServerResponse, signingSecret: string): Promise<void> {
  let rawBody: string;
  try {
    rawBody = await readBody(request);
  } catch (error) {
    if (error instanceof TooLarge) reply(response, 413);
    else response.destroy();
    return;
  }
  const contentType = header(request, 'content-type') ?? '';
  if (isSslCheck(contentType, rawBody)) return reply(response, 200);
  const problem = signatureProblem(signingSecret, rawBody, header(request, 'x-slack-signature'), header(request, 'x-slack-request-timestamp'));
  if (problem) {
    logger.warn('slack.request_refused', { reason: problem });
    return reply(response, 401);
  }
  let challenge: string | undefined;
  try {
    challenge = challengeOf(contentType, rawBody);
  } catch {
    return reply(response, 400);
  }
  if (challenge !== undefined) return reply(response, 200, 'application/json', JSON.stringify({ challenge }));
  reply(response, 200);
  const retryNum = header(request, 'x-slack-retry-num');
  send({
    type: 'request',
    rawBody,
    contentType,
    retryNum: retryNum === undefined ? undefined : Number.parseInt(retryNum, 10),
    retryReason: header(request, 'x-slack-retry-reason'),
  });
}

function route(path: string, response: ServerResponse): void {
  nextRouteId += 1;
  const id = nextRouteId;
  const timer = setTimeout(() => {
    routeWaits.delete(id);
    reply(response, 503, 'text/plain; charset=utf-8', 'the bot did not answer in time\n');
  }, ROUTE_TIMEOUT_MS);
  routeWaits.set(id, (answer) => {
    clearTimeout(timer);
    reply(response, answer.status, answer.contentType, answer.body);
  });
  send({ type: 'route', id, path });
}

const server = createServer((request, response) => {
  const path = (request.url ?? '/').split('?')[0];
  if (!settings) return reply(response, 503);
  if (request.method === 'POST' && path === EVENTS_PATH) {
    receive(request, response, settings.signingSecret).catch((error: unknown) => {
      logger.error('slack.front_failed', { error });
      if (!response.headersSent) reply(response, 500);
    });
    return;
  }
  if (request.method === 'GET' && settings.routes.includes(path)) return route(path, response);
  reply(response, 404);
});

parent.on('message', (message: ToFront) => {
  switch (message.type) {
    case 'start':
      settings = message;
      server.once('error', (error: NodeJS.ErrnoException) => send({ type: 'listen-failed', code: error.code, message: error.message }));
      server.listen(message.port, message.host, () => send({ type: 'listening', port: (server.address() as AddressInfo).port, thread: threadId() }));
      return;
    case 'route-answer': {
      const answer = routeWaits.get(message.id);
      routeWaits.delete(message.id);
      answer?.(message.answer);
      return;
    }
    case 'stop':
      server.close(() => send({ type: 'stopped' }));
      server.closeIdleConnections();
      return;
  }
});
