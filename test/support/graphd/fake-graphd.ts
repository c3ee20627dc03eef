import { EventEmitter } from 'node:events';
import { GraphError } from './graph-error';
import { run } from './executor';
import { BalanceTask, FakeJob, JobEngine, JobStatus, StorageTask } from './job-engine';
import { Role, Sessions } from './sessions';
import { AuthReply, ExecuteReply, WireServer } from './wire-server';

export interface StatementLogEntry {
  at: Date;
  sessionId: number;
  user: string;
  statement: string;
  /** The session's space before the statement ran. */
  spaceBefore: string | null;
  errorCode: number;
  errorMsg: string | null;
  /** Whether an answer was sent (false for hung statements). */
  answered: boolean;
}

export interface FakeGraphdOptions {
  port?: number;
  host?: string;
  authorize?: boolean;
  /** Defaults to real time; tests move jobs through time with it. */
  now?: () => Date;
  balanceEnabled?: boolean;
}

export interface JobSeed {
  id?: number;
  command: string;
  status: JobStatus;
  /** null or absent: EMPTY. */
  startTime?: Date | null;
  stopTime?: Date | null;
  errorCode?: string;
  params?: string;
  tasks?: Array<{ host: string; status: string; startTime?: Date | null; stopTime?: Date | null }>;
  balanceTasks?: Array<{ partId: number; src: string; dst: string; status: string; startTime?: Date | null; stopTime?: Date | null }>;
}

type StatementMatcher = RegExp | ((statement: string) => boolean);

interface Fault {
  matches: StatementMatcher;
  kind: 'hang' | 'delay' | 'fail';
  delayMs?: number;
  applyEffects?: boolean;
  error?: GraphError;
  remaining: number;
}

const seconds = (date: Date | null | undefined): number => (date ? Math.floor(date.getTime() / 1000) : 0);

function matches(matcher: StatementMatcher, statement: string): boolean {
  return typeof matcher === 'function' ? matcher(statement) : matcher.test(statement);
}

/**
 * A graphd that speaks GraphService over Thrift on loopback, so the real nebula-nodejs client
 * runs against it. It logs every statement it receives and lets tests seed jobs, move them
 * through states, and break things (latency, hung requests, dead sessions, outages).
 */
export class FakeGraphd {
  readonly engine = new JobEngine();
  readonly sessions = new Sessions();
  readonly log: StatementLogEntry[] = [];
  readonly events = new EventEmitter();
  readonly authentications = { attempts: 0, successes: 0, failures: 0 };
  signouts = 0;
  latencyMs = 0;
  balanceEnabled: boolean;
  private readonly faults: Fault[] = [];
  private readonly hung: Array<() => void> = [];
  private readonly server: WireServer;
  private readonly now: () => Date;
  port = 0;
  readonly host: string;

  private constructor(options: FakeGraphdOptions) {
    this.host = options.host ?? '127.0.0.1';
    this.now = options.now ?? (() => new Date());
    this.sessions.authorize = options.authorize ?? false;
    this.balanceEnabled = options.balanceEnabled ?? false;
    this.events.setMaxListeners(0);
    this.server = new WireServer(
      {
        authenticate: (user, password, peer) => this.authenticate(user, password, peer),
        signout: (id) => {
          this.signouts += 1;
          this.sessions.signout(id);
          this.events.emit('signout', id);
        },
        execute: (id, statement, peer) => this.execute(id, statement, peer),
      },
      (open) => this.events.emit('connections', open),
    );
  }

  static async start(options: FakeGraphdOptions = {}): Promise<FakeGraphd> {
    const graphd = new FakeGraphd(options);
    graphd.port = await graphd.server.listen(options.port ?? 0, graphd.host);
    return graphd;
  }

  get address(): string {
    return `${this.host}:${this.port}`;
  }

  /** graphd goes down: the port stops listening and every connection is cut. */
  async stop(): Promise<void> {
    this.releaseHung();
    await this.server.close();
  }

  /** graphd comes back on the same port, with its data and sessions (they live in metad). */
  async restart(): Promise<void> {
    await this.server.listen(this.port, this.host);
  }

  async close(): Promise<void> {
    await this.stop();
    this.events.removeAllListeners();
  }

  dropConnections(): void {
    this.server.dropConnections();
  }

  openConnections(): number {
    return this.server.sockets.size;
  }

  /** Resolves once graphd has exactly `count` client connections open (on its socket events). */
  waitForOpenConnections(count: number, timeoutMs = 5000): Promise<void> {
    if (this.openConnections() === count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const listener = (open: number): void => {
        if (open !== count) return;
        clearTimeout(timer);
        this.events.off('connections', listener);
        resolve();
      };
      const timer = setTimeout(() => {
        this.events.off('connections', listener);
        reject(new Error(`fake graphd: ${this.openConnections()} connections open, expected ${count}`));
      }, timeoutMs);
      this.events.on('connections', listener);
    });
  }

  activeSessions(): number {
    return this.sessions.count();
  }

  killAllSessions(): void {
    this.sessions.killAll();
  }

  // ---- data -------------------------------------------------------------------------------

  createSpace(name: string): void {
    this.engine.createSpace(name);
  }

  dropSpace(name: string): void {
    this.engine.dropSpace(name);
  }

  addUser(name: string, password: string): void {
    this.sessions.users.set(name, password);
  }

  grant(user: string, space: string, role: Role): void {
    this.sessions.roles.set(`${user}\u0000${space}`, role);
  }

  addJob(space: string, seed: JobSeed): number {
    const running = seed.status !== 'QUEUE' && seed.startTime !== null;
    const start = seed.startTime === undefined ? (running ? this.now() : null) : seed.startTime;
    const stop = seed.stopTime === undefined ? (['FINISHED', 'FAILED', 'STOPPED'].includes(seed.status) ? this.now() : null) : seed.stopTime;
    const tasks: StorageTask[] = (seed.tasks ?? []).map((t) => ({ host: t.host, status: t.status, start: seconds(t.startTime ?? start), stop: seconds(t.stopTime) }));
    const balanceTasks: BalanceTask[] = (seed.balanceTasks ?? []).map((t) => ({ ...t, start: seconds(t.startTime ?? start), stop: seconds(t.stopTime) }));
    const defaultCode = { FINISHED: 'SUCCEEDED', FAILED: 'E_TASK_EXECUTION_FAILED' }[seed.status as string] ?? 'E_JOB_SUBMITTED';
    return this.engine.addJob(space, {
      id: seed.id,
      type: seed.command,
      status: seed.status,
      start: seconds(start),
      stop: seconds(stop),
      errorCode: seed.errorCode ?? defaultCode,
      params: seed.params ?? '',
      tasks,
      balanceTasks,
    }).id;
  }

  /** Many jobs quickly (for scale tests): `make(i)` describes the i-th, oldest first. */
  addJobs(space: string, count: number, make: (index: number) => JobSeed): number[] {
    return Array.from({ length: count }, (_, index) => this.addJob(space, make(index)));
  }

  job(space: string, id: number): FakeJob | undefined {
    return this.engine.job(space, id);
  }

  jobs(space: string): FakeJob[] {
    return this.engine.jobs(space);
  }

  /**
   * Moves a job as metad would (§3 time rules), with its tasks: RUNNING creates a running task
   * per storage host; FAILED fails the last task with the job's code; FINISHED finishes them.
   */
  setJobStatus(space: string, id: number, status: JobStatus, options: { errorCode?: string; at?: Date } = {}): void {
    const job = this.engine.job(space, id);
    if (!job) throw new Error(`no job ${id} in ${space}`);
    const at = seconds(options.at ?? this.now());
    this.engine.setStatus(job, status, at, true);
    if (status === 'QUEUE') job.errorCode = 'E_JOB_SUBMITTED';
    if (status === 'RUNNING') {
      job.errorCode = 'E_JOB_SUBMITTED';
      if (job.tasks.length === 0 && !['LEADER_BALANCE', 'DATA_BALANCE', 'ZONE_BALANCE'].includes(job.type)) {
        job.tasks = this.engine.defaultHosts.map((host) => ({ host, status: 'RUNNING', start: at, stop: 0 }));
      }
    }
    if (status === 'FINISHED') {
      job.errorCode = options.errorCode ?? 'SUCCEEDED';
      for (const task of job.tasks) Object.assign(task, { status: 'FINISHED', stop: task.stop || at });
    }
    if (status === 'FAILED') {
      job.errorCode = options.errorCode ?? 'E_TASK_EXECUTION_FAILED';
      job.tasks.forEach((task, index) => Object.assign(task, { status: index === job.tasks.length - 1 ? 'FAILED' : 'FINISHED', stop: task.stop || at }));
    }
    if (status === 'STOPPED' && options.errorCode) job.errorCode = options.errorCode;
  }

  // ---- faults -----------------------------------------------------------------------------

  /** Matching statements are received and logged but never answered (until releaseHung). */
  hang(statement: StatementMatcher, options: { applyEffects?: boolean; times?: number } = {}): void {
    this.faults.push({ matches: statement, kind: 'hang', applyEffects: options.applyEffects ?? false, remaining: options.times ?? Infinity });
  }

  delay(statement: StatementMatcher, ms: number, times = Infinity): void {
    this.faults.push({ matches: statement, kind: 'delay', delayMs: ms, remaining: times });
  }

  failNext(statement: StatementMatcher, error: { code: number; message: string }, times = 1): void {
    this.faults.push({ matches: statement, kind: 'fail', error: new GraphError(error.code, error.message), remaining: times });
  }

  clearFaults(): void {
    this.faults.splice(0);
  }

  /** Answers every hung statement now (a graphd that was merely slow). */
  releaseHung(): void {
    for (const answer of this.hung.splice(0)) answer();
  }

  // ---- observation ------------------------------------------------------------------------

  /** The log index now, for "statements after this point". */
  mark(): number {
    return this.log.length;
  }

  statements(options: { from?: number; includePings?: boolean } = {}): string[] {
    return this.log
      .slice(options.from ?? 0)
      .filter((entry) => options.includePings || entry.statement !== 'YIELD 1')
      .map((entry) => entry.statement);
  }

  statementsMatching(pattern: RegExp, from = 0): StatementLogEntry[] {
    return this.log.slice(from).filter((entry) => pattern.test(entry.statement));
  }

  /** Resolves with the first logged statement (from `from` on) that matches, on the event. */
  waitForStatement(predicate: StatementMatcher, options: { from?: number; timeoutMs?: number } = {}): Promise<StatementLogEntry> {
    const found = this.log.slice(options.from ?? 0).find((entry) => matches(predicate, entry.statement));
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timeoutMs = options.timeoutMs ?? 5000;
      const listener = (entry: StatementLogEntry): void => {
        if (!matches(predicate, entry.statement)) return;
        clearTimeout(timer);
        this.events.off('statement', listener);
        resolve(entry);
      };
      const timer = setTimeout(() => {
        this.events.off('statement', listener);
        reject(new Error(`fake graphd: no statement matching ${String(predicate)} within ${timeoutMs} ms; last: ${JSON.stringify(this.statements().slice(-5))}`));
      }, timeoutMs);
      this.events.on('statement', listener);
    });
  }

  /** Resolves once at least `count` logged statements match (on the statement events). */
  waitForCount(pattern: RegExp, count: number, timeoutMs = 10_000): Promise<void> {
    const enough = (): boolean => this.statementsMatching(pattern).length >= count;
    if (enough()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const listener = (): void => {
        if (!enough()) return;
        clearTimeout(timer);
        this.events.off('statement', listener);
        resolve();
      };
      const timer = setTimeout(() => {
        this.events.off('statement', listener);
        reject(new Error(`fake graphd: ${this.statementsMatching(pattern).length} of ${count} statements matching ${pattern}`));
      }, timeoutMs);
      this.events.on('statement', listener);
    });
  }

  // ---- GraphService -----------------------------------------------------------------------

  private async authenticate(user: string, password: string, peer: string): Promise<AuthReply> {
    this.authentications.attempts += 1;
    try {
      const session = this.sessions.login(user, password, peer);
      this.authentications.successes += 1;
      this.events.emit('authenticate', { user, ok: true });
      return { code: 0, message: null, sessionId: session.id };
    } catch (error) {
      const failure = error as GraphError;
      this.authentications.failures += 1;
      this.events.emit('authenticate', { user, ok: false });
      return { code: failure.code, message: failure.message, sessionId: 0 };
    }
  }

  private takeFault(statement: string): Fault | undefined {
    const fault = this.faults.find((f) => f.remaining > 0 && matches(f.matches, statement));
    if (fault) fault.remaining -= 1;
    return fault;
  }

  private async execute(sessionId: number, statement: string, _peer: string): Promise<ExecuteReply | null> {
    const started = process.hrtime.bigint();
    const fault = this.takeFault(statement);
    let entry: StatementLogEntry;
    let reply: ExecuteReply;
    try {
      const session = this.sessions.find(sessionId);
      entry = { at: this.now(), sessionId, user: session.user, statement, spaceBefore: session.space, errorCode: 0, errorMsg: null, answered: true };
      if (fault?.kind === 'fail' && fault.error) {
        reply = { code: fault.error.code, message: fault.error.message, table: null, spaceName: session.space ?? '', latencyUs: 0 };
      } else if (fault?.kind === 'hang' && !fault.applyEffects) {
        reply = { code: 0, message: null, table: null, spaceName: session.space ?? '', latencyUs: 0 };
      } else {
        const outcome = run(statement, session, { engine: this.engine, sessions: this.sessions, now: () => seconds(this.now()), balanceEnabled: this.balanceEnabled });
        reply = { ...outcome, latencyUs: 0 };
      }
    } catch (error) {
      const failure = error as GraphError;
      entry = { at: this.now(), sessionId, user: '', statement, spaceBefore: null, errorCode: failure.code, errorMsg: failure.message, answered: true };
      reply = { code: failure.code, message: failure.message, table: null, spaceName: '', latencyUs: 0 };
    }
    entry.errorCode = reply.code;
    entry.errorMsg = reply.message;
    reply.latencyUs = Number((process.hrtime.bigint() - started) / 1000n);
    if (fault?.kind === 'hang') {
      entry.answered = false;
      this.record(entry);
      return new Promise((resolve) => this.hung.push(() => resolve(reply)));
    }
    this.record(entry);
    const wait = (fault?.kind === 'delay' ? fault.delayMs ?? 0 : 0) + this.latencyMs;
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    return reply;
  }

  private record(entry: StatementLogEntry): void {
    this.log.push(entry);
    this.events.emit('statement', entry);
  }
}
