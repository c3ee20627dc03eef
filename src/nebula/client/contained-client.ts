import { EventEmitter } from 'node:events';
import { releaseNotes } from '../../jobs/graphd-release';
import { JobsError } from '../../jobs/jobs-error';
import type { Logger } from '../../logging/logger';
import { isNebulaFailure, isNetworkError, NebulaCode, type StatementContext, toJobsError } from '../errors';
import type { GraphClient, NebulaHealth, NebulaState } from './graph-client';
import { type Endpoint, responseText, serverAddress, type Table, toTable } from './package-facade';
import { ConnectionLostError, Pool } from './pool';
import { type Preflight, preflight } from './preflight';

export type { NebulaHealth, NebulaState };

export interface NebulaClientOptions {
  servers: Endpoint[];
  user: string;
  password: string;
  timeoutMs: number;
  /** Connections per graphd; each is one graphd session. */
  poolSize?: number;
  /** The pool must `USE` a space on every connect; this one is preferred when it exists. */
  preferredHomeSpace?: string;
  /** How long a statement may wait for a connection to come back before "unreachable". */
  reconnectGraceMs?: number;
  /** First pause before logging in again after a failed login; doubles up to maxRetryDelayMs. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** Consecutive read timeouts after which the pool is presumed wedged and rebuilt. */
  wedgedAfterTimeouts?: number;
  logger: Logger;
  now?: () => Date;
}

type Kind = 'read' | 'mutate';

/**
 * When graphd refused the connection nothing reached it, so trying again soon costs it nothing,
 * and the bot notices its return within seconds. A refused or timed-out login backs off longer.
 */
const UNREACHABLE_RETRY_CAP_MS = 10_000;

/**
 * The one long-lived NebulaGraph client, with every pitfall of nebula-nodejs 3.0.3 contained
 * (docs/nebula-client.md):
 * - statements are handed to the pool only while a connection is ready, so nothing is buffered
 *   during an outage and replayed later; mutations only when a connection is free right now,
 *   checked in the same turn as the dispatch: a mutation is never parked in the package's buffer;
 * - a failed login or `USE` tears the pool down at once instead of re-logging in every second,
 *   and the next attempt waits longer each time;
 * - a mutation that times out is reported as "outcome unknown", never resent;
 * - repeated timeouts (a wedged connection) or a dead session rebuild the pool.
 */
export class NebulaClient implements GraphClient {
  private readonly events = new EventEmitter();
  private readonly now: () => Date;
  private pool: Pool | null = null;
  private connecting: Promise<Pool> | null = null;
  private state: NebulaState = 'idle';
  private since: Date;
  private downSince: Date | null = null;
  private lastError: JobsError | null = null;
  private homeSpace: string | null = null;
  private retryAt = 0;
  private failedConnects = 0;
  private consecutiveTimeouts = 0;
  private reportedReady = 0;
  private serverRead = false;
  private serverVersion: string | null = null;
  private serverNotes: string[] = [];

  constructor(private readonly options: NebulaClientOptions) {
    this.now = options.now ?? (() => new Date());
    this.since = this.now();
    this.events.setMaxListeners(0);
  }

  health(): NebulaHealth {
    return {
      state: this.state,
      readyConnections: this.pool?.readyCount() ?? 0,
      servers: this.pool?.readyByServer() ?? this.options.servers.map((server) => ({ address: serverAddress(server), readyConnections: 0 })),
      homeSpace: this.homeSpace,
      lastError: this.lastError?.message ?? null,
      since: this.since,
      downSince: this.downSince,
      serverVersion: this.serverVersion,
      serverNotes: this.serverNotes,
    };
  }

  /** Subscribe to state changes (for health and outage reporting). */
  onStateChange(listener: (health: NebulaHealth) => void): () => void {
    const wrapped = (): void => listener(this.health());
    this.events.on('state', wrapped);
    return () => this.events.off('state', wrapped);
  }

  /** Connects eagerly; failures are remembered and reported by later statements. */
  async start(): Promise<void> {
    await this.ensurePool().catch(() => undefined);
  }

  read(statement: string, context: StatementContext = {}): Promise<Table | null> {
    return this.run('read', statement, context, true);
  }

  /**
   * STOP and RECOVER: sent only on a connection free that instant, else refused with nothing sent
   * once the grace period is over. The package would otherwise park a mutation in its buffer and
   * send it whenever a connection frees, even after the bot has told people it timed out.
   */
  async mutate(statement: string, context: StatementContext = {}): Promise<Table | null> {
    const pool = await this.ensurePool();
    const until = Date.now() + this.graceMs();
    for (;;) {
      await this.waitForConnection(pool, 'mutate', until);
      // One 'free' event wakes every waiter, each a microtask after its check, and the first to
      // run takes the connection: check again in the same turn as the dispatch; the others wait on.
      if (pool.hasFreeConnection()) return this.send(pool, 'mutate', statement, context, false);
    }
  }

  async close(): Promise<void> {
    this.setState('closed');
    const pool = this.pool;
    this.pool = null;
    this.events.emit('change');
    await pool?.teardown();
  }

  /** A read (retried once on a fresh session when graphd ended the session). */
  private async run(kind: Kind, statement: string, context: StatementContext, retryDeadSession: boolean): Promise<Table | null> {
    if (kind === 'mutate') return this.mutate(statement, context);
    const pool = await this.ensurePool();
    await this.waitForConnection(pool, kind, Date.now() + this.graceMs());
    return this.send(pool, kind, statement, context, retryDeadSession);
  }

  /**
   * Hands the statement to the pool, synchronously from the caller's last check. A read may wait
   * in the package's buffer while a connection is ready; a mutation never: if the package parked
   * it anyway, it is taken back out before it can run, and nothing was sent.
   */
  private async send(pool: Pool, kind: Kind, statement: string, context: StatementContext, retryDeadSession: boolean): Promise<Table | null> {
    const queue = pool.client.taskQueue;
    const lastQueued = queue.at(-1);
    const answer = pool.client.execute(statement, true);
    if (kind === 'mutate' && queue.at(-1) !== lastQueued) {
      const parked = queue.pop();
      if (parked?.executingTimer) clearTimeout(parked.executingTimer);
      answer.catch(() => undefined); // withdrawn: it never settles
      this.options.logger.error('nebula.mutation_withdrawn', { reason: 'no connection was free at dispatch; nothing was sent' });
      throw new JobsError('nebula-busy', 'NebulaGraph is busy with other requests; nothing was sent. Try again in a moment.');
    }
    try {
      const response = await answer;
      this.consecutiveTimeouts = 0;
      const spaceName = responseText(response.space_name);
      if (context.space && spaceName && spaceName !== context.space) {
        throw new JobsError('nebula-error', `NebulaGraph answered for space \`${spaceName}\` instead of \`${context.space}\`.`);
      }
      return toTable(response);
    } catch (error) {
      return this.handleFailure(error, { kind, statement, context, pool, retryDeadSession });
    }
  }

  private async handleFailure(error: unknown, attempt: { kind: Kind; statement: string; context: StatementContext; pool: Pool; retryDeadSession: boolean }): Promise<Table | null> {
    const errno = isNebulaFailure(error) ? error.errno : undefined;
    if (error instanceof ConnectionLostError) {
      if (attempt.kind === 'mutate') {
        throw new JobsError('outcome-unknown', 'The connection to NebulaGraph dropped before it confirmed, so the outcome is unknown. It was not sent again.');
      }
      throw new JobsError('nebula-unreachable', error.message);
    }
    if (errno === NebulaCode.clientTimeout) {
      this.consecutiveTimeouts += 1;
      if (this.consecutiveTimeouts >= (this.options.wedgedAfterTimeouts ?? 3)) {
        this.options.logger.warn('nebula.wedged', { timeouts: this.consecutiveTimeouts });
        await this.recycle(attempt.pool, 'repeated timeouts');
      }
      if (attempt.kind === 'mutate') {
        throw new JobsError('outcome-unknown', 'NebulaGraph did not confirm in time, so the outcome is unknown. It was not sent again.');
      }
      throw new JobsError('nebula-timeout', `NebulaGraph did not answer within ${Math.round(this.options.timeoutMs / 1000)} s.`);
    }
    if (errno === NebulaCode.sessionInvalid) {
      await this.recycle(attempt.pool, 'session ended on the server');
      // A read is safe to repeat on a fresh session; a mutation never is.
      if (attempt.retryDeadSession) return this.run(attempt.kind, attempt.statement, attempt.context, false);
    }
    throw toJobsError(error, attempt.context);
  }

  private async ensurePool(): Promise<Pool> {
    if (this.state === 'closed') throw new JobsError('nebula-unreachable', 'The bot is shutting down.');
    if (this.pool) return this.pool;
    if (this.connecting) return this.connecting;
    if (this.lastError && this.now().getTime() < this.retryAt) throw this.lastError;
    this.connecting = this.connect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async connect(): Promise<Pool> {
    this.setState('connecting');
    try {
      const { spaces, version } = await this.discoverSpaces();
      this.noteServer(version);
      const preferred = this.options.preferredHomeSpace;
      const home = preferred && spaces.includes(preferred) ? preferred : spaces[0];
      if (!home) {
        throw new JobsError(
          'graph-permission',
          "The bot's NebulaGraph account cannot see any graph space.",
          'Grant the account a role (GUEST is enough to read) in the spaces to watch.',
        );
      }
      this.homeSpace = home;
      const pool = new Pool(this.options, home, {
        onReady: () => this.onPoolReady(pool),
        onLost: () => this.onPoolLost(pool),
        onFree: () => this.events.emit('change'),
        onLoginFailed: (error) => void this.onLoginFailed(pool, error),
        onSocketError: (error) => this.onSocketError(error),
      });
      this.pool = pool;
      await this.waitFor(() => pool.readyCount() > 0 || this.pool !== pool, this.options.timeoutMs);
      if (this.pool === pool && pool.readyCount() === 0) {
        this.pool = null;
        await pool.teardown();
        throw new JobsError('nebula-unreachable', 'NebulaGraph accepted the login, but no connection became ready in time.');
      }
      if (this.pool !== pool) throw this.lastError ?? new JobsError('nebula-unreachable', 'Lost the connection to NebulaGraph.');
      return pool;
    } catch (error) {
      throw this.connectFailed(toJobsError(error));
    }
  }

  /** Remembers graphd's release and says once, when it is new, which 3.4–3.8 rules it does not follow. */
  private noteServer(version: string | null): void {
    const changed = !this.serverRead || version !== this.serverVersion;
    this.serverRead = true;
    this.serverVersion = version;
    this.serverNotes = releaseNotes(version);
    if (!changed) return;
    const fields = { version, rules: 'NebulaGraph 3.4–3.8' };
    if (this.serverNotes.length === 0) this.options.logger.info('nebula.server_version', fields);
    else this.options.logger.warn('nebula.server_version', { ...fields, notes: this.serverNotes });
  }

  private async discoverSpaces(): Promise<Preflight> {
    const failures: JobsError[] = [];
    for (const endpoint of this.options.servers) {
      try {
        return await preflight(endpoint, this.options, this.options.timeoutMs);
      } catch (error) {
        const failure = toJobsError(error);
        // A refused login is the cluster's answer; another graphd would say the same.
        if (failure.kind !== 'nebula-unreachable' && failure.kind !== 'nebula-timeout') throw failure;
        failures.push(failure);
      }
    }
    throw failures.length === 1 ? failures[0] : new JobsError('nebula-unreachable', `Cannot reach any NebulaGraph server (${failures.map((f) => f.message).join(' ')})`);
  }

  private connectFailed(error: JobsError): JobsError {
    if (error === this.lastError) return error; // already recorded by onLoginFailed
    this.failedConnects += 1;
    const base = this.options.retryDelayMs ?? 2_000;
    const cap = this.options.maxRetryDelayMs ?? 300_000;
    const delay = Math.min(base * 2 ** (this.failedConnects - 1), error.kind === 'nebula-unreachable' ? Math.min(cap, UNREACHABLE_RETRY_CAP_MS) : cap);
    this.retryAt = this.now().getTime() + delay;
    this.lastError = error;
    this.setState(error.kind === 'nebula-credentials' ? 'rejected' : 'unreachable');
    this.options.logger.warn('nebula.connect_failed', { reason: error.message, retryInMs: delay });
    return error;
  }

  private onPoolReady(pool: Pool): void {
    if (this.pool !== pool) return;
    this.failedConnects = 0;
    this.lastError = null;
    this.setState('ready');
  }

  private onPoolLost(pool: Pool): void {
    if (this.pool === pool) this.setState(pool.readyCount() === 0 ? 'reconnecting' : this.state);
  }

  private onSocketError(error: unknown): void {
    if (isNetworkError(error)) {
      const previous = this.lastError?.message;
      this.lastError = new JobsError('nebula-unreachable', `Cannot reach NebulaGraph (${error.code}).`);
      // Listeners (health, through the worker thread) hear of it: the state alone does not change.
      if (this.lastError.message !== previous) this.events.emit('state');
    }
    this.events.emit('change');
  }

  /** The pool's own loop would log in again every second forever; stop it and back off instead. */
  private async onLoginFailed(pool: Pool, error: unknown): Promise<void> {
    if (this.pool !== pool) return;
    this.pool = null;
    this.connectFailed(toJobsError(error));
    await pool.teardown();
  }

  private async recycle(pool: Pool, reason: string): Promise<void> {
    if (this.pool !== pool) return;
    this.options.logger.warn('nebula.recycle', { reason });
    this.pool = null;
    this.consecutiveTimeouts = 0;
    this.setState('idle');
    await pool.teardown();
  }

  /** How long a statement may wait for a connection. */
  private graceMs(): number {
    return Math.min(this.options.reconnectGraceMs ?? 3_000, this.options.timeoutMs);
  }

  /** Waits until `until` (ms since the epoch) for a ready connection, or a free one for a mutation. */
  private async waitForConnection(pool: Pool, kind: Kind, until: number): Promise<void> {
    const usable = (): boolean => (kind === 'mutate' ? pool.hasFreeConnection() : pool.readyCount() > 0);
    if (usable()) return;
    const ok = await this.waitFor(() => usable() || this.pool !== pool, until - Date.now());
    if (ok && this.pool === pool) return;
    if (kind === 'mutate' && pool.readyCount() > 0) {
      throw new JobsError('nebula-busy', 'NebulaGraph is busy with other requests; nothing was sent. Try again in a moment.');
    }
    throw this.downError();
  }

  private downError(): JobsError {
    return this.lastError?.kind === 'nebula-unreachable' ? this.lastError : new JobsError('nebula-unreachable', 'The connection to NebulaGraph is down; nothing was sent.');
  }

  /** Resolves true once the condition holds (re-checked on every pool event), false on timeout. */
  private waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
    if (condition()) return Promise.resolve(true);
    if (timeoutMs <= 0) return Promise.resolve(false);
    return new Promise((resolve) => {
      const check = (): void => {
        if (!condition()) return;
        cleanup();
        resolve(true);
      };
      const timer = setTimeout(() => {
        cleanup();
        resolve(false);
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.events.off('change', check);
      };
      this.events.on('change', check);
    });
  }

  /** Listeners hear of a new state, or of the same state with a different number of ready connections. */
  private setState(state: NebulaState): void {
    const ready = this.pool?.readyCount() ?? 0;
    if (this.state !== 'closed' && this.state !== state) {
      this.state = state;
      this.since = this.now();
      // Reconnect attempts come and go; an outage lasts until a connection is ready again.
      if (state === 'ready' || state === 'idle') this.downSince = null;
      else this.downSince ??= this.since;
      this.reportedReady = ready;
      this.events.emit('state');
    } else if (ready !== this.reportedReady) {
      this.reportedReady = ready;
      this.events.emit('state');
    }
    this.events.emit('change');
  }
}
