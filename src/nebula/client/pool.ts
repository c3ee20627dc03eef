import type { Logger } from '../../logging/logger';
import { isNebulaFailure } from '../errors';
import { quoteIdentifier } from '../statements';
import type { ServerConnections } from './graph-client';
import { createPool, type Endpoint, type PoolClient, type PooledConnection, serverAddress } from './package-facade';

export interface PoolListener {
  onReady(): void;
  onLost(): void;
  onFree(): void;
  /** Login or the connect-time `USE` failed: the package would retry every second forever. */
  onLoginFailed(error: unknown): void;
  onSocketError(error: unknown): void;
}

export interface PoolSettings {
  servers: Endpoint[];
  user: string;
  password: string;
  timeoutMs: number;
  poolSize?: number;
  logger: Logger;
}

/** A request was sent but its connection dropped before an answer came. */
export class ConnectionLostError extends Error {
  readonly code = 'ERR_CONNECTION_LOST';

  constructor() {
    super('The connection to NebulaGraph was lost before it answered.');
  }
}

/** Logs a repeating connection error once a minute at most, with how often it happened. */
class RepeatLimiter {
  private readonly seen = new Map<string, { at: number; count: number }>();

  constructor(private readonly logger: Logger) {}

  report(key: string, fields: Record<string, unknown>): void {
    const now = Date.now();
    const entry = this.seen.get(key);
    if (entry && now - entry.at < 60_000) {
      entry.count += 1;
      return;
    }
    this.logger.warn('nebula.connection_error', { ...fields, repeats: entry?.count ?? 0 });
    this.seen.set(key, { at: now, count: 0 });
  }
}

/** One nebula-nodejs client (a pool of connections) and the readiness we can trust. */
export class Pool {
  readonly client: PoolClient;
  private readonly ready = new Set<string>();
  private readonly limiter: RepeatLimiter;
  private readonly servers: readonly Endpoint[];
  private tornDown = false;

  constructor(
    settings: PoolSettings,
    homeSpace: string,
    private readonly listener: PoolListener,
  ) {
    this.limiter = new RepeatLimiter(settings.logger);
    this.servers = settings.servers;
    this.client = createPool({
      servers: settings.servers,
      userName: settings.user,
      password: settings.password,
      space: quoteIdentifier(homeSpace),
      poolSize: settings.poolSize ?? 2,
      // Small: only reads are ever queued, and only while a connection is ready.
      bufferSize: 50,
      executeTimeout: settings.timeoutMs,
      pingInterval: 60_000,
    });
    // On every reconnect the package logs in again without signing out; end the previous session
    // first (it is still valid when graphd restarted, since sessions live in metad).
    this.client.on('connected', ({ sender }) => {
      if (sender.sessionId !== undefined) sender.client.signout(sender.sessionId);
    });
    this.client.on('ready', ({ sender }) => {
      this.ready.add(sender.connectionId);
      listener.onReady();
    });
    // The package marks a connection unusable on 'error' but not on 'reconnecting'; without this
    // it keeps dispatching to a dead socket, whose writes are queued and replayed on reconnect.
    this.client.on('reconnecting', ({ sender }) => this.markLost(sender));
    this.client.on('close', ({ sender }) => this.markLost(sender));
    this.client.on('error', ({ sender, error }) => {
      this.markLost(sender);
      if (isNebulaFailure(error)) {
        listener.onLoginFailed(error);
      } else {
        const code = (error as NodeJS.ErrnoException | undefined)?.code ?? 'error';
        this.limiter.report(`${sender.connectionId}:${code}`, { connection: sender.connectionId, code });
        listener.onSocketError(error);
      }
    });
    for (const connection of this.client.connections) connection.on('free', () => listener.onFree());
  }

  readyCount(): number {
    return this.ready.size;
  }

  /** Ready connections per configured server: one graphd down shows as 0 while the others serve. */
  readyByServer(): ServerConnections[] {
    const counts = new Map(this.servers.map((server) => [serverAddress(server), 0]));
    for (const connection of this.client.connections) {
      if (!this.ready.has(connection.connectionId)) continue;
      const address = serverAddress(connection.connectionOption);
      counts.set(address, (counts.get(address) ?? 0) + 1);
    }
    return [...counts].map(([address, readyConnections]) => ({ address, readyConnections }));
  }

  /** A connection that will take a statement this instant, so it is never parked in the buffer. */
  hasFreeConnection(): boolean {
    return this.client.connections.some((c) => c.isReady && !c.isBusy && this.ready.has(c.connectionId));
  }

  /**
   * close() alone signs out only ready connections and leaves disconnected ones reconnecting
   * (and logging in again) forever: sign out every session and stop every retry timer.
   */
  async teardown(): Promise<void> {
    if (this.tornDown) return;
    this.tornDown = true;
    this.ready.clear();
    this.client.removeAllListeners();
    this.client.on('error', () => undefined);
    for (const connection of this.client.connections) {
      if (!connection.isReady && connection.connection.connected && connection.sessionId !== undefined) {
        connection.client.signout(connection.sessionId);
      }
    }
    await this.client.close().catch(() => undefined);
    for (const connection of this.client.connections) {
      const thrift = connection.connection;
      thrift.forceClose = true;
      if (thrift.retry_timer) clearTimeout(thrift.retry_timer);
      thrift.retry_timer = null;
      if (!thrift.connected) thrift.connection.destroy();
    }
  }

  private markLost(sender: PooledConnection): void {
    sender.isReady = false;
    sender.isBusy = true;
    this.failInFlight(sender);
    if (this.ready.delete(sender.connectionId)) this.listener.onLost();
  }

  /**
   * Requests in flight on a dropped connection are never answered, and the package would only
   * time them out much later. Fail them now; the caller decides what "lost" means for each.
   */
  private failInFlight(sender: PooledConnection): void {
    const pending = sender.client._reqs;
    if (!pending) return;
    for (const [seqId, callback] of Object.entries(pending)) {
      delete pending[seqId];
      callback(new ConnectionLostError());
    }
  }
}
