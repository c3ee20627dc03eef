import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { JobsError } from '../../jobs/jobs-error';
import type { Logger } from '../../logging/logger';
import { writeThreadLog } from '../../logging/thread-logger';
import type { NebulaClientOptions } from '../client/contained-client';
import type { GraphClient, NebulaHealth } from '../client/graph-client';
import type { Table } from '../client/package-facade';
import type { StatementContext } from '../errors';
import type { Reply, Request } from './protocol';
import { decodeTable } from './wire-table';

type WorkerOptions = Omit<NebulaClientOptions, 'logger' | 'now'> & {
  /** Heap cap of the client's thread: a runaway answer kills the thread, not the bot. */
  maxOldGenerationSizeMb?: number;
  /** The thread's compiled script, when this file runs from TypeScript sources (tests build it once). */
  script?: string;
};

interface Pending {
  kind: 'read' | 'mutate' | 'close';
  resolve: (table: Table | null) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * GraphClient whose NebulaClient runs in a worker thread. If the thread dies or stops
 * answering, its requests fail (a mutation as "outcome unknown") and a new thread takes over.
 */
export class WorkerGraphClient implements GraphClient {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(health: NebulaHealth) => void>();
  private latest: NebulaHealth = { state: 'idle', readyConnections: 0, homeSpace: null, lastError: null, since: new Date(), downSince: null };
  private nextId = 0;
  private closed = false;

  constructor(
    private readonly options: WorkerOptions,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    this.send({ id: this.id(), op: 'start' });
  }

  read(statement: string, context: StatementContext = {}): Promise<Table | null> {
    return this.call('read', statement, context);
  }

  mutate(statement: string, context: StatementContext = {}): Promise<Table | null> {
    return this.call('mutate', statement, context);
  }

  health(): NebulaHealth {
    return this.latest;
  }

  onStateChange(listener: (health: NebulaHealth) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    if (!worker) return;
    const id = this.id();
    const closed = new Promise<Table | null>((resolve, reject) => this.pending.set(id, { kind: 'close', resolve, reject, timer: setTimeout(() => resolve(null), 5_000) }));
    worker.postMessage({ id, op: 'close' } satisfies Request);
    await closed.catch(() => null);
    this.worker = null;
    await worker.terminate();
  }

  private id(): number {
    this.nextId += 1;
    return this.nextId;
  }

  private call(kind: 'read' | 'mutate', statement: string, context: StatementContext): Promise<Table | null> {
    if (this.closed) return Promise.reject(new JobsError('nebula-unreachable', 'The bot is shutting down.'));
    const id = this.id();
    // The worker's client times out on its own; this only catches a thread that stopped answering.
    const deadline = this.options.timeoutMs * 2 + 5_000;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.abandon('the NebulaGraph client stopped answering'), deadline);
      this.pending.set(id, { kind, resolve, reject, timer });
      this.send({ id, op: kind, statement, context });
    });
  }

  private send(request: Request): void {
    this.ensureWorker().postMessage(request);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const { maxOldGenerationSizeMb, script, ...clientOptions } = this.options;
    const file = script ?? join(__dirname, `client-worker${extname(__filename)}`);
    const worker = new Worker(file, {
      workerData: clientOptions,
      // From TypeScript sources (ts-node) the worker needs the same loader.
      execArgv: extname(file) === '.ts' ? ['-r', 'ts-node/register/transpile-only'] : undefined,
      resourceLimits: maxOldGenerationSizeMb ? { maxOldGenerationSizeMb } : undefined,
    });
    worker.on('message', (reply: Reply) => this.receive(reply));
    worker.on('error', (error) => this.logger.error('nebula.worker_failed', { error }));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.lost(`the NebulaGraph client thread exited (${code})`);
    });
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private receive(reply: Reply): void {
    if (reply.type === 'log') {
      writeThreadLog(this.logger, reply);
      return;
    }
    if (reply.type === 'state') {
      const { type: _type, since, downSince, ...health } = reply;
      this.latest = { ...health, since: new Date(since), downSince: downSince === null ? null : new Date(downSince) };
      for (const listener of this.listeners) listener(this.latest);
      return;
    }
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    clearTimeout(pending.timer);
    if (reply.type === 'result') pending.resolve(reply.table && decodeTable(reply.table));
    else pending.reject(new JobsError(reply.kind, reply.message, reply.hint));
  }

  /** A wedged thread: end it; what it held fails, and the next request starts a new one. */
  private abandon(reason: string): void {
    const worker = this.worker;
    this.lost(reason);
    void worker?.terminate();
  }

  private lost(reason: string): void {
    this.worker = null;
    this.logger.error('nebula.worker_lost', { reason });
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      this.pending.delete(id);
      pending.reject(
        pending.kind === 'mutate'
          ? new JobsError('outcome-unknown', 'The NebulaGraph client stopped before it confirmed, so the outcome is unknown. It was not sent again.')
          : new JobsError('nebula-error', 'The NebulaGraph client restarted; try again.'),
      );
    }
    this.latest = { ...this.latest, state: 'idle', readyConnections: 0, lastError: reason, since: new Date(), downSince: null };
    if (!this.closed) for (const listener of this.listeners) listener(this.latest);
  }
}
