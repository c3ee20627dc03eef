import { EventEmitter } from 'node:events';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';

export interface Envelope {
  envelope_id: string;
  type: 'slash_commands' | 'interactive' | 'events_api';
  payload: Record<string, unknown>;
  accepts_response_payload: boolean;
  /** Set on Slack's redeliveries of an event it thinks was not acknowledged. */
  retry_attempt?: number;
  retry_reason?: string;
}

export interface Ack {
  envelope_id: string;
  payload?: Record<string, unknown>;
  at: number;
}

/**
 * Slack's Socket Mode side: the WebSocket a bot gets from apps.connections.open. It greets with
 * `hello`, delivers envelopes (slash_commands, interactive), collects the bot's acks by
 * envelope_id, and can ask the bot to reconnect (`disconnect`, reason refresh_requested).
 */
export class SocketModeServer {
  readonly events = new EventEmitter();
  readonly acks = new Map<string, Ack>();
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sockets = new Set<WebSocket>();
  private envelopes = 0;
  connections = 0;

  constructor(server: Server) {
    this.events.setMaxListeners(0);
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (!req.url?.startsWith('/socket')) {
        socket.destroy();
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
    });
  }

  get open(): number {
    return this.sockets.size;
  }

  private accept(ws: WebSocket): void {
    this.connections += 1;
    this.sockets.add(ws);
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { envelope_id?: string; payload?: Record<string, unknown> };
      if (!message.envelope_id) return;
      const ack: Ack = { envelope_id: message.envelope_id, payload: message.payload, at: Date.now() };
      this.acks.set(ack.envelope_id, ack);
      this.events.emit('ack', ack);
    });
    ws.on('close', () => {
      this.sockets.delete(ws);
      this.events.emit('closed');
    });
    ws.send(JSON.stringify({ type: 'hello', num_connections: this.sockets.size, debug_info: { host: 'fake' }, connection_info: { app_id: 'A1' } }));
    this.events.emit('connected');
  }

  /** Resolves once a bot holds an open connection (and has been greeted). */
  waitForConnection(timeoutMs = 20_000, atLeast = 1): Promise<void> {
    if (this.connections >= atLeast && this.sockets.size > 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const listener = (): void => {
        if (this.connections < atLeast) return;
        clearTimeout(timer);
        this.events.off('connected', listener);
        resolve();
      };
      const timer = setTimeout(() => {
        this.events.off('connected', listener);
        reject(new Error(`no Socket Mode connection #${atLeast} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.events.on('connected', listener);
    });
  }

  /**
   * Sends an envelope to the bot and resolves with its ack. A bot between connections (a
   * reconnect) is waited for, as Slack queues what it has to deliver.
   */
  async deliver(type: Envelope['type'], payload: Record<string, unknown>, timeoutMs = 20_000, retry?: { attempt: number; reason: string }): Promise<Ack> {
    if (this.sockets.size === 0) await this.waitForConnection(timeoutMs, this.connections + 1).catch(() => undefined);
    const ws = [...this.sockets].at(-1);
    if (!ws) throw new Error('no bot is connected over Socket Mode');
    this.envelopes += 1;
    const envelope: Envelope = { envelope_id: `env-${this.envelopes}`, type, payload, accepts_response_payload: type !== 'events_api' };
    if (retry) Object.assign(envelope, { retry_attempt: retry.attempt, retry_reason: retry.reason });
    const acked = new Promise<Ack>((resolve, reject) => {
      const listener = (ack: Ack): void => {
        if (ack.envelope_id !== envelope.envelope_id) return;
        clearTimeout(timer);
        this.events.off('ack', listener);
        resolve(ack);
      };
      const timer = setTimeout(() => {
        this.events.off('ack', listener);
        reject(new Error(`envelope ${envelope.envelope_id} (${type}) was not acknowledged within ${timeoutMs} ms`));
      }, timeoutMs);
      this.events.on('ack', listener);
    });
    ws.send(JSON.stringify(envelope));
    return acked;
  }

  /** Slack recycling its servers: the bot should open a new connection. */
  requestRefresh(): void {
    for (const ws of this.sockets) ws.send(JSON.stringify({ type: 'disconnect', reason: 'refresh_requested', debug_info: { host: 'fake' } }));
  }

  /** Cuts every connection without a word, as a network failure would. */
  dropAll(): void {
    for (const ws of this.sockets) ws.terminate();
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
