import { Errors } from './graph-error';
import { Cell, Table, timeCell } from './table';

/**
 * metad's job manager as graphd 3.4–3.8 exposes it (../shared/nebula-graphd-jobs.md §2–3, §6):
 * per-space jobs with ids from one global counter, the status state machine, STOP and RECOVER
 * rules, expiry on SHOW JOBS, and the exact result tables. No scheduler: tests move jobs.
 */

export type JobStatus = 'QUEUE' | 'RUNNING' | 'FINISHED' | 'FAILED' | 'STOPPED';

export interface StorageTask {
  host: string;
  status: string;
  start: number;
  stop: number;
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
  /** JobType name; ZONE_BALANCE is displayed as DATA_BALANCE. */
  type: string;
  status: JobStatus;
  start: number;
  stop: number;
  errorCode: string;
  params: string;
  tasks: StorageTask[];
  balanceTasks: BalanceTask[];
}

interface Space {
  id: number;
  name: string;
  jobs: Map<number, FakeJob>;
}

const STOPPABLE_RUNNING = new Set(['STATS', 'REBUILD_TAG_INDEX', 'REBUILD_EDGE_INDEX', 'DATA_BALANCE', 'ZONE_BALANCE']);
const PHASE: Record<JobStatus, number> = { QUEUE: 0, RUNNING: 1, STOPPED: 2, FINISHED: 3, FAILED: 3 };

export const isBalance = (type: string): boolean => type === 'DATA_BALANCE' || type === 'ZONE_BALANCE';
const display = (type: string): string => (type === 'ZONE_BALANCE' ? 'DATA_BALANCE' : type);

export class JobEngine {
  private nextId = 1;
  private readonly spaces = new Map<string, Space>();
  expirySeconds = 604_800;
  defaultHosts = ['storaged0', 'storaged1', 'storaged2'];

  allocateId(): number {
    const id = this.nextId;
    this.nextId += 1;
    return id;
  }

  createSpace(name: string): number {
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
    return [...this.spaces.keys()].sort();
  }

  private space(name: string): Space {
    const space = this.spaces.get(name);
    if (!space) throw Errors.spaceNotFound(name);
    return space;
  }

  addJob(spaceName: string, job: Omit<FakeJob, 'id'> & { id?: number }): FakeJob {
    const space = this.space(spaceName);
    const stored: FakeJob = { ...job, id: job.id ?? this.allocateId() };
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

  /** JobDescription::setStatus: a FINISHED job never changes; earlier phases only when forced. */
  setStatus(job: FakeJob, status: JobStatus, now: number, force = false): boolean {
    if (job.status === 'FINISHED') return false;
    if (PHASE[status] < PHASE[job.status] && !force) return false;
    if (status === 'RUNNING') job.start = now;
    if (status === 'STOPPED' && job.start === 0) job.start = now;
    if (PHASE[status] > PHASE.RUNNING) job.stop = now;
    job.status = status;
    return true;
  }

  isExpired(job: FakeJob, now: number): boolean {
    return job.status !== 'QUEUE' && job.status !== 'RUNNING' && job.start > 0 && now - job.start > this.expirySeconds;
  }

  showJobs(spaceName: string, now: number): Table {
    const space = this.space(spaceName);
    for (const job of [...space.jobs.values()]) if (this.isExpired(job, now)) space.jobs.delete(job.id);
    return {
      columns: ['Job Id', 'Command', 'Status', 'Start Time', 'Stop Time'],
      rows: this.jobs(spaceName).map((job) => [job.id, display(job.type), job.status, timeCell(job.start), timeCell(job.stop)]),
    };
  }

  private find(spaceName: string, id: number): FakeJob {
    if (id === 0) throw Errors.invalidParam();
    const job = this.space(spaceName).jobs.get(id);
    if (!job) throw Errors.jobNotInSpace();
    return job;
  }

  showJob(spaceName: string, id: number): Table {
    const job = this.find(spaceName, id);
    const taskCode = (): string => (job.errorCode === 'E_JOB_SUBMITTED' ? '' : job.errorCode);
    const jobRow: Cell[] = [job.id, display(job.type), job.status, timeCell(job.start), timeCell(job.stop), job.errorCode];
    if (isBalance(job.type)) {
      const count = (status: string): number => job.balanceTasks.filter((t) => t.status === status).length;
      const spaceId = this.space(spaceName).id;
      return {
        columns: ['Job Id(spaceId:partId)', 'Command(src->dst)', 'Status', 'Start Time', 'Stop Time', 'Error Code'],
        rows: [
          jobRow,
          ...job.balanceTasks.map((t): Cell[] => [`${job.id}, ${spaceId}:${t.partId}`, `${t.src}->${t.dst}`, t.status, timeCell(t.start), timeCell(t.stop), taskCode()]),
          [`Total:${job.balanceTasks.length}`, `Succeeded:${count('SUCCEEDED')}`, `Failed:${count('FAILED')}`, `In Progress:${count('IN_PROGRESS')}`, `Invalid:${count('INVALID')}`, ''],
        ],
      };
    }
    const count = (status: string): number => job.tasks.filter((t) => t.status === status).length;
    return {
      columns: ['Job Id(TaskId)', 'Command(Dest)', 'Status', 'Start Time', 'Stop Time', 'Error Code'],
      rows: [
        jobRow,
        ...job.tasks.map((t, index): Cell[] => [index, t.host, t.status, timeCell(t.start), timeCell(t.stop), taskCode()]),
        [`Total:${job.tasks.length}`, `Succeeded:${count('FINISHED')}`, `Failed:${count('FAILED')}`, `In Progress:${count('RUNNING')}`, '', ''],
      ],
    };
  }

  /** JobManager::stopJob (§3 table). */
  stopJob(spaceName: string, id: number, now: number): Table {
    const job = this.find(spaceName, id);
    if (job.status === 'FINISHED') throw Errors.alreadyFinished();
    if (job.status === 'FAILED') {
      if (!isBalance(job.type)) throw Errors.alreadyFinished();
      this.setStatus(job, 'STOPPED', now, true);
    } else if (job.status === 'RUNNING' && !STOPPABLE_RUNNING.has(job.type)) {
      throw Errors.notStoppable();
    } else if (job.status === 'QUEUE') {
      job.start = now;
      this.setStatus(job, 'STOPPED', now);
    } else {
      this.setStatus(job, 'STOPPED', now, true);
    }
    return { columns: ['Result'], rows: [['Job stopped']] };
  }

  /** JobManager::recoverJob: FAILED/STOPPED, unexpired, the balance rule, one per (type, params). */
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
      const busy = all.some(
        (other) => other.id !== job.id && (other.status === 'QUEUE' || other.status === 'RUNNING') && this.sameKind(other, job),
      );
      if (busy) continue;
      this.setStatus(job, 'QUEUE', now, true);
      job.errorCode = 'E_JOB_SUBMITTED';
      recovered += 1;
    }
    return { columns: ['Recovered job num'], rows: [[recovered]] };
  }

  private sameKind(a: FakeJob, b: FakeJob): boolean {
    if (isBalance(a.type) && isBalance(b.type)) return true;
    return a.type === b.type && a.params === b.params;
  }

  /** SUBMIT JOB: a QUEUE/RUNNING job of the same kind answers with its own id. */
  submitJob(spaceName: string, type: string, params: string): Table {
    const all = this.jobs(spaceName);
    if (isBalance(type) && all.some((job) => isBalance(job.type) && job.status === 'FAILED')) throw Errors.needRecover();
    const probe = { type, params } as FakeJob;
    const existing = all.find((job) => (job.status === 'QUEUE' || job.status === 'RUNNING') && this.sameKind(job, probe));
    const job = existing ?? this.addJob(spaceName, { type, status: 'QUEUE', start: 0, stop: 0, errorCode: 'E_JOB_SUBMITTED', params, tasks: [], balanceTasks: [] });
    return { columns: ['New Job Id'], rows: [[job.id]] };
  }
}
