import type { Job } from '../jobs/job';
import { HISTORY_RUNS, isQueueAlertDue, judgeSpace, type RunHistory, type RunRecord, type StuckQueued, type StuckRunning, type StuckSettings } from '../jobs/stuck-rule';
import type { JobSnapshot } from '../jobs/transitions';

/**
 * What the poller keeps of a job besides its state, for the stuck rule (table job_watch). A job
 * with every field null has no row: only queued jobs and runs alerted as stuck have one.
 */
export interface JobWatch {
  /** When the poller first saw the job in QUEUE, this time in the queue (graphd gives queued jobs no time). */
  queuedSince: number | null;
  /** The run (its start time) alerted as stuck: never alerted twice. */
  alertedRun: number | null;
  /** The wait (its queuedSince) alerted as stuck behind another job: never alerted twice. */
  alertedQueue: number | null;
}

/** An alerted run or wait that ended in this poll: its thread is told how long it lasted. */
export interface StuckEnding {
  kind: 'running' | 'queued';
  forMs: number;
}

export interface WatchInput {
  /** The space's jobs as the poller last saw them, and what changed since (diffSpace). */
  known: ReadonlyMap<number, JobSnapshot>;
  upserts: readonly JobSnapshot[];
  removed: readonly number[];
  watch: ReadonlyMap<number, JobWatch>;
  history: RunHistory;
  jobs: readonly Job[];
  settings: StuckSettings;
  now: Date;
  /** The first poll of a space records without alerting. */
  baseline: boolean;
}

export interface WatchStep {
  /** Stuck jobs not yet alerted for this run or this wait: alerted now, once. */
  fresh: Array<StuckRunning | StuckQueued>;
  endings: Map<number, StuckEnding>;
  /** Rows to write with the space's state, rows to delete, and the space's watch afterwards. */
  upserts: Array<{ id: number; watch: JobWatch }>;
  removed: number[];
  next: Map<number, JobWatch>;
  /** Finished runs to keep, and the space's history with them. */
  runs: RunRecord[];
  history: RunHistory;
}

const NONE: JobWatch = { queuedSince: null, alertedRun: null, alertedQueue: null };

const isEmpty = (w: JobWatch): boolean => w.queuedSince === null && w.alertedRun === null && w.alertedQueue === null;
const same = (a: JobWatch | undefined, b: JobWatch): boolean =>
  (a ?? NONE).queuedSince === b.queuedSince && (a ?? NONE).alertedRun === b.alertedRun && (a ?? NONE).alertedQueue === b.alertedQueue;

/** Runs that ended FINISHED in this poll (every finished job at the baseline), newest first per kind. */
function finishedRuns(input: WatchInput): RunRecord[] {
  const runs: RunRecord[] = [];
  for (const s of input.upserts) {
    if (s.status !== 'FINISHED' || s.startTime === null || s.stopTime === null || s.stopTime < s.startTime) continue;
    const before = input.known.get(s.id);
    if (!input.baseline && before?.status === 'FINISHED' && before.stopTime === s.stopTime) continue;
    runs.push({ jobId: s.id, command: s.command, startedAt: s.startTime, durationMs: s.stopTime - s.startTime });
  }
  return runs;
}

/** The history with the new runs, each kind cut to its newest HISTORY_RUNS; and which new runs stayed. */
export function withRuns(history: RunHistory, runs: readonly RunRecord[]): { history: RunHistory; kept: RunRecord[] } {
  // Most polls finish nothing: the history stays the same object.
  if (runs.length === 0) return { history, kept: [] };
  const next = new Map(history);
  const byKind = new Map<string, RunRecord[]>();
  for (const run of runs) {
    const added = byKind.get(run.command);
    if (added) added.push(run);
    else byKind.set(run.command, [run]);
  }
  const kept = new Set<RunRecord>();
  for (const [kind, added] of byKind) {
    // A recovered job that finished again replaces its earlier run.
    const ids = new Set(added.map((run) => run.jobId));
    const records = [...(history.get(kind) ?? []).filter((r) => !ids.has(r.jobId)), ...added];
    records.sort((a, b) => b.startedAt - a.startedAt || b.jobId - a.jobId);
    records.splice(HISTORY_RUNS);
    next.set(kind, records);
    for (const record of records) kept.add(record);
  }
  return { history: next, kept: runs.filter((run) => kept.has(run)) };
}

/**
 * One poll of a space through the stuck rule: when each queued job started waiting, which stuck
 * jobs are new (alerted once per run or wait, so restarts and lease moves never repeat them),
 * which alerted ones ended, and the finished runs to learn from. Pure: the caller writes the
 * rows in the same transaction as the job state and the notices.
 */
export function watchSpace(input: WatchInput): WatchStep {
  const now = input.now.getTime();
  const next = new Map(input.watch);
  const endings = new Map<number, StuckEnding>();
  // Only changed jobs can start or end a run or a wait.
  for (const s of input.upserts) {
    const before = input.known.get(s.id);
    const w: JobWatch = { ...(next.get(s.id) ?? NONE) };
    if (w.alertedRun !== null && !(s.status === 'RUNNING' && s.startTime === w.alertedRun)) {
      if (before?.status === 'RUNNING' && s.status !== 'RUNNING') endings.set(s.id, { kind: 'running', forMs: Math.max(0, (s.stopTime ?? now) - w.alertedRun) });
      w.alertedRun = null;
    }
    if (s.status === 'QUEUE') {
      if (before?.status !== 'QUEUE' || w.queuedSince === null) {
        w.queuedSince = now;
        w.alertedQueue = null;
      }
    } else if (w.queuedSince !== null) {
      if (w.alertedQueue === w.queuedSince) endings.set(s.id, { kind: 'queued', forMs: Math.max(0, now - w.queuedSince) });
      w.queuedSince = null;
      w.alertedQueue = null;
    }
    next.set(s.id, w);
  }
  for (const id of input.removed) next.delete(id);

  const { history, kept } = withRuns(input.history, finishedRuns(input));
  // A queued job without a row (seen queued before this rule existed) waits from now on.
  const queuedSince = (id: number): number => {
    const w = next.get(id) ?? { ...NONE };
    if (w.queuedSince === null) next.set(id, { ...w, queuedSince: now });
    return (next.get(id) as JobWatch).queuedSince as number;
  };
  const judged = judgeSpace(input.jobs, history, input.settings, input.now, queuedSince);
  const fresh: Array<StuckRunning | StuckQueued> = [];
  if (!input.baseline) {
    for (const r of judged.running) {
      const w = next.get(r.job.id) ?? NONE;
      const run = r.job.startTime?.getTime() ?? null;
      if (run === null || w.alertedRun === run) continue;
      next.set(r.job.id, { ...w, alertedRun: run });
      fresh.push(r);
    }
    for (const q of judged.queued) {
      const w = next.get(q.job.id) ?? NONE;
      if (!isQueueAlertDue(q, input.settings) || w.alertedQueue === w.queuedSince) continue;
      next.set(q.job.id, { ...w, alertedQueue: w.queuedSince });
      fresh.push(q);
    }
  }

  const upserts: Array<{ id: number; watch: JobWatch }> = [];
  const removed: number[] = [];
  for (const [id, w] of next) {
    if (isEmpty(w)) {
      next.delete(id);
      if (input.watch.has(id)) removed.push(id);
    } else if (!same(input.watch.get(id), w)) {
      upserts.push({ id, watch: w });
    }
  }
  for (const id of input.removed) if (input.watch.has(id)) removed.push(id);
  return { fresh, endings, upserts, removed, next, runs: kept, history };
}
