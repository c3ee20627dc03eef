import { EventEmitter } from 'node:events';
import { run } from './executor';
import { type Fault, Faults, type StatementMatcher } from './faults';
import { GraphError } from './graph-error';
import { GraphdVersion } from './graphd-version';
import { type HostEntry, type HostRole, Hosts } from './hosts';
import { type JobSeed, moveJob, seconds, seedJob } from './job-controls';
import { type FakeJob, JobEngine, type JobStatus } from './job-engine';
import { type Role, Sessions } from './sessions';
import { StatementLog, type StatementLogEntry } from './statement-log';
import { type AuthReply, type ExecuteReply, WireServer } from './wire-server';

export type { JobSeed } from './job-controls';
export type { StatementLogEntry } from './statement-log';

export interface FakeGraphdOptions {
  port?: number;
  host?: string;
  authorize?: boolean;
  /** metad's and graphd's clock (job times, expiry, the log); defaults to real time. */
  now?: () => Date;
  balanceEnabled?: boolean;
  /** The graphd/metad release to behave as (SHOW JOB layout, STOP rules, messages); default '3.8.0'. */
  version?: string;
  /** metad's --job_expired_secs (default 604800), measured on `now`. */
  jobExpiredSecs?: number;
  /** storaged reports E_USER_CANCEL for a stopped STATS/REBUILD job before the next SHOW JOBS / SHOW JOB. */
  reportCancelAfterStop?: boolean;
  /** This graphd's row in SHOW HOSTS GRAPH: Host (default `host`) and Git Info Sha (default: the release's). */
  hostName?: string;
  gitInfoSha?: string;
}

/**
 * A graphd that speaks GraphService over Thrift on loopback, so the real nebula-nodejs client
 * runs against it. It logs every statement it receives and lets tests seed jobs, move them
 * through states as metad and storaged would, restart metad, and break things (latency, hung
 * requests, dead sessions, outages). Instances share nothing: one per cluster.
 */
export class FakeGraphd {
  readonly engine = new JobEngine();
  readonly sessions = new Sessions();
  readonly events = new EventEmitter();
  private readonly statementLog = new StatementLog(this.events);
  readonly log: StatementLogEntry[] = this.statementLog.entries;
  readonly hosts: Hosts;
  readonly authentications = { attempts: 0, successes: 0, failures: 0 };
  signouts = 0;
  latencyMs = 0;
  balanceEnabled: boolean;
  private readonly faults = new Faults();
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
    this.engine.version = new GraphdVersion(options.version ?? '3.8.0');
    this.engine.expirySeconds = options.jobExpiredSecs ?? 604_800;
    this.engine.reportCancelAfterStop = options.reportCancelAfterStop ?? false;
    this.hosts = new Hosts(() => ({
      version: this.engine.version,
      gitInfoSha: options.gitInfoSha,
      graphd: { host: options.hostName ?? this.host, port: this.port },
    }));
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
  waitForOpenConnections(count: number, timeoutMs = 20_000): Promise<void> {
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
    return seedJob(this.engine, space, seed, this.now()).id;
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

  /** Moves a job as metad's scheduler and storaged would (see moveJob in job-controls.ts). */
  setJobStatus(space: string, id: number, status: JobStatus, options: { errorCode?: string; at?: Date } = {}): void {
    moveJob(this.engine, this.mustFind(space, id), status, seconds(options.at ?? this.now()), options.errorCode);
  }

  // ---- metad and storaged -----------------------------------------------------------------

  /** The release this graphd behaves as, e.g. '3.8.0' (settable: an upgrade between two tests' steps). */
  get version(): string {
    return this.engine.version.text;
  }

  set version(text: string) {
    this.engine.version = new GraphdVersion(text);
  }

  /** metad's --job_expired_secs. */
  get jobExpiredSecs(): number {
    return this.engine.expirySeconds;
  }

  set jobExpiredSecs(secs: number) {
    this.engine.expirySeconds = secs;
  }

  /** Whether storaged reports E_USER_CANCEL for a stopped STATS/REBUILD job before the next SHOW. */
  get reportCancelAfterStop(): boolean {
    return this.engine.reportCancelAfterStop;
  }

  set reportCancelAfterStop(on: boolean) {
    this.engine.reportCancelAfterStop = on;
  }

  /**
   * metad restarts or its leader changes (JobManager::handleRemainingJobs): every executor is
   * gone; RUNNING balance jobs turn FAILED (before 3.3: QUEUE); RUNNING storage jobs stay RUNNING,
   * orphaned, so STOP saves them STOPPED whatever their type; QUEUE jobs are queued again.
   */
  restartMetad(): void {
    this.engine.restartMetad(seconds(this.now()));
  }

  /** Only this job loses its executor (it stays RUNNING): what restartMetad does to storage jobs. */
  orphanJob(space: string, id: number): void {
    this.mustFind(space, id).executorLive = false;
  }

  /**
   * storaged reports the end of task `taskId` (0-based) with `code` (SUCCEEDED → FINISHED, else
   * FAILED). When no task is left RUNNING the job ends as metad's reportTaskFinish does, even from
   * STOPPED: FINISHED, or FAILED with the first failed task's code.
   */
  reportTask(space: string, id: number, taskId: number, code = 'SUCCEEDED'): void {
    this.engine.reportTask(this.mustFind(space, id), taskId, code, seconds(this.now()));
  }

  /** storaged reports E_USER_CANCEL for every RUNNING task: a stopped job turns FAILED / E_USER_CANCEL. */
  reportCancel(space: string, id: number): void {
    this.engine.reportCancel(this.mustFind(space, id), seconds(this.now()));
  }

  /** What SHOW HOSTS <role> lists instead of the defaults (this graphd; metad0; storaged0..2). */
  setHosts(role: HostRole, hosts: HostEntry[]): void {
    this.hosts.set(role, hosts);
  }

  private mustFind(space: string, id: number): FakeJob {
    const job = this.engine.job(space, id);
    if (!job) throw new Error(`no job ${id} in ${space}`);
    return job;
  }

  // ---- faults -----------------------------------------------------------------------------

  /** Matching statements are received and logged but never answered (until releaseHung); `() => true`: all. */
  hang(statement: StatementMatcher, options: { applyEffects?: boolean; times?: number } = {}): void {
    this.faults.add({ matches: statement, kind: 'hang', applyEffects: options.applyEffects ?? false, remaining: options.times ?? Infinity });
  }

  delay(statement: StatementMatcher, ms: number, times = Infinity): void {
    this.faults.add({ matches: statement, kind: 'delay', delayMs: ms, remaining: times });
  }

  failNext(statement: StatementMatcher, error: { code: number; message: string }, times = 1): void {
    this.faults.add({ matches: statement, kind: 'fail', error: new GraphError(error.code, error.message), remaining: times });
  }

  clearFaults(): void {
    this.faults.clear();
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
    return this.statementLog.statements(options);
  }

  statementsMatching(pattern: RegExp, from = 0): StatementLogEntry[] {
    return this.statementLog.matching(pattern, from);
  }

  /** Resolves with the first logged statement (from `from` on) that matches, on the event. */
  waitForStatement(predicate: StatementMatcher, options: { from?: number; timeoutMs?: number } = {}): Promise<StatementLogEntry> {
    return this.statementLog.waitFor(predicate, options);
  }

  /** Resolves once at least `count` logged statements match (on the statement events). */
  waitForCount(pattern: RegExp, count: number, timeoutMs = 20_000): Promise<void> {
    return this.statementLog.waitForCount(pattern, count, timeoutMs);
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

  private async execute(sessionId: number, statement: string, _peer: string): Promise<ExecuteReply | null> {
    const started = process.hrtime.bigint();
    const fault: Fault | undefined = this.faults.take(statement);
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
        const ctx = { engine: this.engine, sessions: this.sessions, now: () => seconds(this.now()), balanceEnabled: this.balanceEnabled, hosts: this.hosts };
        const outcome = run(statement, session, ctx);
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
      this.statementLog.record(entry);
      return new Promise((resolve) =>
        this.hung.push(() => {
          entry.answeredAt = this.now();
          resolve(reply);
        }),
      );
    }
    this.statementLog.record(entry);
    const wait = (fault?.kind === 'delay' ? (fault.delayMs ?? 0) : 0) + this.latencyMs;
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    entry.answeredAt = this.now();
    return reply;
  }
}
