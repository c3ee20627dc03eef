import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer, Agent as HttpsAgent, Server as TlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ResponseUrlError, ResponseUrlPoster } from '../../../src/slack/web-api/response-url-poster';

interface Received {
  method: string;
  url: string;
  contentType: string | undefined;
  body: unknown;
  /** The client's port: the same one twice means the connection was kept alive. */
  remotePort: number | undefined;
}

type Answer = (req: IncomingMessage, res: ServerResponse, received: Received) => void;

/** A loopback server that records each POST and answers as `answer` says (200 "ok" by default). */
async function listen(server: Server, answer: Answer = (_req, res) => res.end('ok')): Promise<{ url: (path: string) => string; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const entry = {
        method: req.method ?? '',
        url: req.url ?? '',
        contentType: req.headers['content-type'],
        body: text ? JSON.parse(text) : null,
        remotePort: req.socket.remotePort,
      };
      received.push(entry);
      answer(req, res, entry);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const scheme = server instanceof TlsServer ? 'https' : 'http';
  return {
    url: (path) => `${scheme}://127.0.0.1:${port}${path}`,
    received,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const MESSAGE = { text: 'Jobs of nba', blocks: [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: '*1* COMPACT — FINISHED ✓' } }], replace_original: true };

describe('ResponseUrlPoster', () => {
  const posters: ResponseUrlPoster[] = [];
  const poster = (options?: ConstructorParameters<typeof ResponseUrlPoster>[0]): ResponseUrlPoster => {
    const made = new ResponseUrlPoster(options);
    posters.push(made);
    return made;
  };
  afterEach(() => posters.splice(0).forEach((p) => p.close()));

  it('POSTs the message as JSON to the response_url and resolves on 200', async () => {
    const server = await listen(createServer());
    try {
      await poster().post(server.url('/response/r-1?x=1'), MESSAGE);
      expect(server.received).toEqual([expect.objectContaining({ method: 'POST', url: '/response/r-1?x=1', body: MESSAGE })]);
      expect(server.received[0].contentType).toMatch(/^application\/json/);
    } finally {
      await server.close();
    }
  });

  it('keeps the connection alive between answers', async () => {
    const server = await listen(createServer());
    try {
      const p = poster();
      await p.post(server.url('/response/a'), MESSAGE);
      await p.post(server.url('/response/b'), MESSAGE);
      expect(server.received.map((r) => r.url)).toEqual(['/response/a', '/response/b']);
      expect(server.received[1].remotePort).toBe(server.received[0].remotePort);
    } finally {
      await server.close();
    }
  });

  it.each([404, 410, 500, 503])('rejects with the status when the response_url answers %i, never naming the URL', async (status) => {
    const server = await listen(createServer(), (_req, res) => {
      res.statusCode = status;
      res.end(status === 404 ? 'expired_url' : 'oops');
    });
    try {
      const url = server.url('/response/secret-path');
      const failure = await poster()
        .post(url, MESSAGE)
        .then(
          () => null,
          (error: unknown) => error,
        );
      expect(failure).toBeInstanceOf(ResponseUrlError);
      expect((failure as ResponseUrlError).status).toBe(status);
      expect((failure as Error).message).not.toContain('secret-path');
    } finally {
      await server.close();
    }
  });

  it('a 2xx other than 200 is success', async () => {
    const server = await listen(createServer(), (_req, res) => {
      res.statusCode = 204;
      res.end();
    });
    try {
      await expect(poster().post(server.url('/response/r'), MESSAGE)).resolves.toBeUndefined();
    } finally {
      await server.close();
    }
  });

  it('the connection after a failed answer still works', async () => {
    let calls = 0;
    const server = await listen(createServer(), (_req, res) => {
      calls += 1;
      res.statusCode = calls === 1 ? 500 : 200;
      res.end('x');
    });
    try {
      const p = poster();
      await expect(p.post(server.url('/response/1'), MESSAGE)).rejects.toThrow('HTTP 500');
      await expect(p.post(server.url('/response/2'), MESSAGE)).resolves.toBeUndefined();
    } finally {
      await server.close();
    }
  });

  it('sends once more on a fresh connection when a kept-alive one is cut under it', async () => {
    let cut = false;
    const server = await listen(createServer(), (req, res, received) => {
      // The second request, which comes over the first one's kept-alive connection: cut it.
      if (received.url === '/response/second' && !cut) {
        cut = true;
        req.socket.destroy();
        return;
      }
      res.end('ok');
    });
    try {
      const p = poster();
      await p.post(server.url('/response/first'), MESSAGE);
      await p.post(server.url('/response/second'), MESSAGE);
      expect(server.received.map((r) => r.url)).toEqual(['/response/first', '/response/second', '/response/second']);
      expect(server.received[1].remotePort).toBe(server.received[0].remotePort);
      expect(server.received[2].remotePort).not.toBe(server.received[0].remotePort);
    } finally {
      await server.close();
    }
  });

  it('does not send again when a fresh connection is cut', async () => {
    const server = await listen(createServer(), (req) => req.socket.destroy());
    try {
      await expect(poster().post(server.url('/response/once'), MESSAGE)).rejects.toThrow();
      expect(server.received.map((r) => r.url)).toEqual(['/response/once']);
    } finally {
      await server.close();
    }
  });

  it('gives up on a response_url that never answers', async () => {
    const server = await listen(createServer(), () => undefined);
    try {
      await expect(poster({ timeoutMs: 200 }).post(server.url('/response/hang'), MESSAGE)).rejects.toThrow('did not answer');
    } finally {
      await server.close();
    }
  });

  it('refuses a URL that is not http(s)', async () => {
    await expect(poster().post('file:///etc/passwd', MESSAGE)).rejects.toThrow('not http(s)');
  });

  it('speaks https to an https response_url (as Slack gives them)', async () => {
    const tls = join(__dirname, '../../support/tls');
    const cert = readFileSync(join(tls, 'loopback-cert.pem'));
    const server = await listen(createTlsServer({ cert, key: readFileSync(join(tls, 'loopback-key.pem')) }) as unknown as Server);
    try {
      const agent = new HttpsAgent({ keepAlive: true, ca: cert });
      await poster({ httpsAgent: agent }).post(server.url('/response/tls'), MESSAGE);
      expect(server.received).toEqual([expect.objectContaining({ url: '/response/tls', body: MESSAGE })]);
    } finally {
      await server.close();
    }
  });
});
