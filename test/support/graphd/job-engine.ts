import { Code, Errors, GraphError } from './graph-error';
import { GraphdVersion } from './graphd-version';
import { isBalance, showJobsTable, showJobTable } from './job-tables';
import type { Table } from './table';

/**
 * metad's job manager as graphd exposes it (JobManager.cpp, JobDescription.cpp of
 * vesoft-inc/nebula v3.8.0, with the older versions' differences from graphd-version.ts): per-space
 * jobs with ids from one global counter, the status state machine, which jobs have a live
 * executor, STOP and RECOVER rules, task reports from storaged, a metad restart, and expiry on
 * SHOW JOBS. No scheduler: tests move jobs.
 */

export { isBalance } from './job-tables';

export type JobStatus = 'QUEUE' | 'RUNNING' | 'FINISHED' | 'FAILED' | 'STOPPED';

export interface StorageTask {
  host: string;
  /** RUNNING, FINISHED or FAILED. */
  status: string;
  start: number;
  stop: number;
  /** The task's own ErrorCode name: E_JOB_SUBMITTED while running, then what storaged reported. */
  errorCode: string;
}

export interface BalanceTask {
  partId: number;
  src: string;
  dst: string;
  /** TaskResult: SUCCEEDED, FAILED, IN_PROGRESS, INVALID. */
  status: string;
  start: number;
  stop: number;
}

export interface FakeJob {
  id: number;
  /** JobType name; ZONE_BALANCE is displayed as DATA_BALANCE (3.3+). */
  type: string;
  status: JobStatus;
  start: number;
  stop: number;
  errorCode: string;
  params: string;
  tasks: StorageTask[];
  balanceTasks: BalanceTask[];
  /**
   * Whether metad's JobManager holds this job's executor (`runningJobs_`). Only then does STOP
   * reach the executor, and COMPACT/FLUSH/… executors refuse it. A RUNNING job without one is
   * orphaned (metad restarted or changed leader): STOP just saves STOPPED.
   */
  executorLive: boolean;
}

interface Space {
  id: number;
  name: string;
  jobs: Map<number, FakeJob>;
}

/** Executors whose stop() works while running; the others answer E_JOB_NOT_STOPPABLE. */
const STOPPABLE_RUNNING = new Set(['STATS', 'REBUILD_TAG_INDEX', 'REBUILD_EDGE_INDEX', 'DATA_BALANCE', 'ZONE_BALANCE']);
/** MetaJobExecutor subclasses; every other type runs as tasks on storaged. */
const META_JOBS = new Set(['LEADER_BALANCE', 'DATA_BALANCE', 'ZONE_BALANCE']);
const PHASE: Record<JobStatus, number> = { QUEUE: 0, RUNNING: 1, STOPPED: 2, FINISHED: 3, FAILED: 3 };

export const isMetaJob = (type: string): boolean => META_JOBS.has(type);

/** Bytewise UTF-8 order, as std::string compares (SHOW SPACES uses a std::set). */
const byUtf8 = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

export class JobEngine {
  private nextId = 1;
  private readonly spaces = new Map<string, Space>();
  /** STOPPED storage jobs whose cancel storaged reports before the next SHOW (reportCancelAfterStop). */
  private readonly pendingCancels = new Set<FakeJob>();
  /** metad's --job_expired_secs. */
  expirySeconds = 604_800;
  defaultHosts = ['storaged0', 'storaged1', 'storaged2'];
  version = new GraphdVersion('3.8.0');
  /** After a STOP reaches a running STATS/REBUILD executor, storaged reports E_USER_CANCEL before the next SHOW. */
  reportCancelAfterStop = false;

  allocateId(): number {
    const id = this.nextId;
    this.nextId += 1;
    return id;
  }

  createSpace(name: string): number {
    if (Buffer.byteLength(name, 'utf8') > 4096) throw new Error('fake graphd: graphd reads at most 4,096 bytes of a name');
    const id = this.allocateId();
    this.spaces.set(name, { id, name, jobs: new Map() });
    return id;
  }

  dropSpace(name: string): boolean {
    return this.spaces.delete(name);
  }

  hasSpace(name: string): boolean {
    return this.spaces.has(name);
  }

  spaceNames(): string[] {
    return [...this.spaces.keys()].sort(byUtf8);
  }

  private space(name: string): Space {
    const space = this.spaces.get(name);
    if (!space) throw Errors.spaceNotFound(name, this.version);
    return space;
  }

  addJob(spaceName: string, job: Omit<FakeJob, 'id' | 'executorLive'> & { id?: number; executorLive?: boolean }): FakeJob {
    const space = this.space(spaceName);
    const stored: FakeJob = { ...job, id: job.id ?? this.allocateId(), executorLive: job.executorLive ?? job.status === 'RUNNING' };
    if (job.id !== undefined) this.nextId = Math.max(this.nextId, job.id + 1);
    space.jobs.set(stored.id, stored);
    return stored;
  }

  job(spaceName: string, id: number): FakeJob | undefined {
    return this.spaces.get(spaceName)?.jobs.get(id);
  }

  jobs(spaceName: string): FakeJob[] {
    return [...(this.spaces.get(spaceName)?.jobs.values() ?? [])].sort((a, b) => b.id - a.id);
  }

  private allJobs(): FakeJob[] {
    return [...this.spaces.values()].flatMap((space) => [...space.jobs.values()]);
  }

  /** JobDescription::setStatus: a FINISHED job never changes; earlier phases only when forced. */
  setStatus(job: FakeJob, status: JobStatus, now: number, force = false): boolean {
    if (job.status === 'FINISHED' && this.version.atLeast(3, 4)) return status === 'FINISHED';
    if (PHASE[status] < PHASE[job.status] && !force) return false;
    if (status === 'RUNNING') job.start = now;
    // 3.0 left a stopped QUEUE job without a start time.
    if (status === 'STOPPED' && job.start === 0 && this.version.jobsKeyedBySpace) job.start = now;
    if (PHASE[status] > PHASE.RUNNING) job.stop = now;
    job.status = status;
    return true;
  }

  isExpired(job: FakeJob, now: number): boolean {
    if (job.status === 'QUEUE' || job.status === 'RUNNING') return false;
    if (job.start === 0) return !this.version.keepsJobsWithoutStartTime;
    return now - job.start > this.expirySeconds;
  }

  showJobs(spaceName: string, now: number): Table {
    const space = this.space(spaceName);
    this.deliverCancels(now);
    for (const job of [...space.jobs.values()]) if (this.isExpired(job, now)) space.jobs.delete(job.id);
    return showJobsTable(this.jobs(spaceName), this.version);
  }

  private find(spaceName: string, id: number): FakeJob {
    if (id === 0) throw Errors.invalidParam();
    const job = this.space(spaceName).jobs.get(id);
    if (job) return job;
    if (this.version.jobsKeyedBySpace) throw Errors.jobNotInSpace();
    // 3.0 kept one global job list and checked the space afterwards.
    const elsewhere = this.allJobs().some((other) => other.id === id);
    throw new GraphError(Code.execution, elsewhere ? 'Job not in chosen space!' : 'Key not existed!');
  }

  showJob(spaceName: string, id: number, now: number): Table {
    this.deliverCancels(now);
    const job = this.find(spaceName, id);
    return showJobTable(job, this.space(spaceName).id, this.version);
  }

  /** JobManager::stopJob → jobFinished(STOPPED). */
  stopJob(spaceName: string, id: number, now: number): Table {
    const job = this.find(spaceName, id);
    const reachesExecutor = job.executorLive;
    if (this.version.stopChecksExecutor) {
      if (job.status === 'FINISHED') throw Errors.alreadyFinished();
      const forced = job.status === 'FAILED' && isBalance(job.type);
      if (job.status === 'FAILED' && !forced) throw Errors.alreadyFinished();
      if (job.status === 'RUNNING' && reachesExecutor && !STOPPABLE_RUNNING.has(job.type)) throw Errors.notStoppable();
      this.setStatus(job, 'STOPPED', now, forced);
    } else {
      // Before 3.3 the status was saved first and the executor (if any) told afterwards.
      if (!this.setStatus(job, 'STOPPED', now)) throw new GraphError(Code.execution, 'Save job failure!');
      if (this.version.jobsKeyedBySpace) job.errorCode = 'SUCCEEDED';
      else if (!reachesExecutor) {
        job.executorLive = false;
        throw new GraphError(Code.execution, 'Unknown error!');
      }
    }
    job.executorLive = false;
    if (reachesExecutor && this.reportCancelAfterStop && STOPPABLE_RUNNING.has(job.type) && !isMetaJob(job.type)) this.pendingCancels.add(job);
    return { columns: ['Result'], rows: [['Job stopped']] };
  }

  /**
   * JobManager::reportTaskFinish: storaged reports one task's end. Once no task is RUNNING the job
   * ends too, even from STOPPED: FINISHED if every task finished, else FAILED with the first
   * failed task's code.
   */
  reportTask(job: FakeJob, taskId: number, code: string, now: number): void {
    const task = job.tasks[taskId];
    if (!task) throw new Error(`fake graphd: job ${job.id} has no task ${taskId}`);
    Object.assign(task, { status: code === 'SUCCEEDED' ? 'FINISHED' : 'FAILED', stop: now, errorCode: code });
    if (job.tasks.some((t) => t.status === 'RUNNING')) return;
    const finished = job.tasks.every((t) => t.status === 'FINISHED');
    if (!this.setStatus(job, finished ? 'FINISHED' : 'FAILED', now)) return;
    job.errorCode = finished ? 'SUCCEEDED' : (job.tasks.find((t) => t.errorCode !== 'SUCCEEDED')?.errorCode ?? job.errorCode);
    job.executorLive = false;
    this.pendingCancels.delete(job);
  }

  /** storaged reports E_USER_CANCEL for every task still RUNNING (after a STOP reached them). */
  reportCancel(job: FakeJob, now: number): void {
    const running = job.tasks.map((task, index) => ({ task, index })).filter(({ task }) => task.status === 'RUNNING');
    if (running.length === 0) throw new Error(`fake graphd: job ${job.id} has no running task to cancel`);
    for (const { index } of running) this.reportTask(job, index, 'E_USER_CANCEL', now);
  }

  private deliverCancels(now: number): void {
    for (const job of [...this.pendingCancels]) {
      this.pendingCancels.delete(job);
      if (job.tasks.some((task) => task.status === 'RUNNING')) this.reportCancel(job, now);
    }
  }

  /**
   * JobManager::handleRemainingJobs on a new metad leader: no executor survives; RUNNING meta jobs
   * (balance) are marked FAILED (3.3+; before: put back in QUEUE); RUNNING storage jobs stay
   * RUNNING, orphaned; QUEUE jobs are queued again.
   */
  restartMetad(now: number): void {
    for (const job of this.allJobs()) {
      if (job.status === 'RUNNING' && isMetaJob(job.type)) {
        this.setStatus(job, this.version.stopChecksExecutor ? 'FAILED' : 'QUEUE', now, true);
      }
      job.executorLive = false;
    }
  }

  /** JobManager::recoverJob: FAILED/STOPPED, unexpired, the balance rule, none whose twin is in flight. */
  recoverJob(spaceName: string, ids: number[] | null, now: number): Table {
    const all = this.jobs(spaceName);
    let candidates = all.filter((job) => (job.status === 'FAILED' || job.status === 'STOPPED') && !this.isExpired(job, now));
    const balance = candidates.filter((job) => isBalance(job.type)).sort((a, b) => b.id - a.id)[0];
    candidates = candidates.filter((job) => {
      if (!isBalance(job.type)) return true;
      if (job !== balance) return false;
      return !all.some((other) => isBalance(other.type) && other.id > job.id && other.status === 'FINISHED');
    });
    if (ids) candidates = candidates.filter((job) => ids.includes(job.id));
    let recovered = 0;
    for (const job of candidates.sort((a, b) => a.id - b.id)) {
      const busy = all.some((other) => other.id !== job.id && this.inFlight(other) && this.sameKind(other, job));
      if (busy) continue;
      this.setStatus(job, 'QUEUE', now, true);
      job.errorCode = 'E_JOB_SUBMITTED';
      job.executorLive = false;
      recovered += 1;
    }
    return { columns: ['Recovered job num'], rows: [[recovered]] };
  }

  /**
   * JobManager::checkOnRunningJobExist looks in metad's in-memory inFlightJobs_: every QUEUE job
   * (re-queued by a new leader too), and a RUNNING one only while metad still runs it. A job left
   * RUNNING by a metad restart (orphaned) blocks neither RECOVER nor SUBMIT of its twin.
   */
  private inFlight(job: FakeJob): boolean {
    return job.status === 'QUEUE' || (job.status === 'RUNNING' && job.executorLive);
  }

  private sameKind(a: FakeJob, b: FakeJob): boolean {
    if (isBalance(a.type) && isBalance(b.type)) return true;
    return a.type === b.type && a.params === b.params;
  }

  /** SUBMIT JOB: a job of the same kind in flight answers with its own id. */
  submitJob(spaceName: string, type: string, params: string): Table {
    const all = this.jobs(spaceName);
    if (isBalance(type) && all.some((job) => isBalance(job.type) && job.status === 'FAILED')) throw Errors.needRecover();
    const probe = { type, params } as FakeJob;
    const existing = all.find((job) => this.inFlight(job) && this.sameKind(job, probe));
    const job = existing ?? this.addJob(spaceName, { type, status: 'QUEUE', start: 0, stop: 0, errorCode: 'E_JOB_SUBMITTED', params, tasks: [], balanceTasks: [] });
    return { columns: ['New Job Id'], rows: [[job.id]] };
  }
}
