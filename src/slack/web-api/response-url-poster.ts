import { type ClientRequest, Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { SlackMessage } from '../blocks/message';

/** How long one response_url POST may take before it is given up (Slack answers in well under a second). */
export const RESPONSE_URL_TIMEOUT_MS = 15_000;

export interface ResponseUrlPosterOptions {
  timeoutMs?: number;
  /** For tests against a loopback TLS server with its own certificate authority. */
  httpsAgent?: HttpsAgent;
}

/** A response_url refused the message: its HTTP status says why (404 expired or used up, 5xx Slack's side). */
export class ResponseUrlError extends Error {
  constructor(readonly status: number) {
    super(`response_url answered HTTP ${status}`);
    this.name = 'ResponseUrlError';
  }
}

/**
 * Answers through response_url with node:http(s) and keep-alive connections. Bolt's respond()
 * uses fetch, whose web streams, undici layers and garbage cost about half a millisecond of the
 * event loop per answer (measured with --cpu-prof); every ack after it waited behind that.
 * Any 2xx is success; anything else rejects with ResponseUrlError. The URL never appears in an
 * error: it lets whoever holds it post to the conversation.
 */
export class ResponseUrlPoster {
  private readonly http = new HttpAgent({ keepAlive: true, maxSockets: 16 });
  private readonly https: HttpsAgent;
  private readonly timeoutMs: number;

  constructor(options: ResponseUrlPosterOptions = {}) {
    this.https = options.httpsAgent ?? new HttpsAgent({ keepAlive: true, maxSockets: 16 });
    this.timeoutMs = options.timeoutMs ?? RESPONSE_URL_TIMEOUT_MS;
  }

  post(responseUrl: string, message: SlackMessage): Promise<void> {
    const url = new URL(responseUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return Promise.reject(new Error(`response_url is not http(s) (${url.protocol})`));
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    return this.send(url, body, true);
  }

  /** Closes idle keep-alive connections (at shutdown). */
  close(): void {
    this.http.destroy();
    this.https.destroy();
  }

  private send(url: URL, body: Buffer, mayRetry: boolean): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const secure = url.protocol === 'https:';
      const options = {
        method: 'POST',
        agent: secure ? this.https : this.http,
        headers: { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': body.length },
        timeout: this.timeoutMs,
      };
      const req: ClientRequest = secure ? httpsRequest(url, options) : httpRequest(url, options);
      let settled = false;
      const fail = (error: Error): void => {
        if (settled) return;
        settled = true;
        reject(error);
      };
      req.on('response', (res: IncomingMessage) => {
        res.resume(); // the body ("ok") is not needed; reading it frees the socket for reuse
        res.on('end', () => {
          if (settled) return;
          settled = true;
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve();
          else reject(new ResponseUrlError(status));
        });
        res.on('error', fail);
      });
      req.on('timeout', () => req.destroy(new Error(`response_url did not answer within ${this.timeoutMs} ms`)));
      req.on('error', (error: NodeJS.ErrnoException) => {
        // A kept-alive connection the server had just closed: the request went nowhere, so it
        // goes once more on a fresh connection (the retry Node's documentation recommends).
        if (mayRetry && req.reusedSocket && error.code === 'ECONNRESET' && !settled) {
          settled = true;
          this.send(url, body, false).then(resolve, reject);
          return;
        }
        fail(error);
      });
      req.end(body);
    });
  }
}
