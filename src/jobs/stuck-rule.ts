import type { SpaceRef } from '../spaces/space-ref';
import type { Job } from './job';
import { relativeRangeMs } from './job-query';

/**
 * When a job has been RUNNING longer than expected, or waits in QUEUE behind one that has: one job
 * runs at a time per space (docs/nebula-graphd.md), so a stuck job blocks its whole space, and a
 * COMPACT orphaned by a metad restart stays RUNNING for ever. Expected is, per command kind:
 * the operator's setting for the kind (STUCK_AFTER `COMPACT=6h`), else a multiple of how long
 * that kind took in this space lately, else the setting's `*`.
 */

export interface StuckSettings {
  /** Limits per command as graphd prints it (COMPACT, STATS…); null: that kind is never judged stuck. */
  kinds: Readonly<Record<string, number | null>>;
  /** The limit of a kind without its own setting and without enough history; null: none. */
  fallbackMs: number | null;
  /** How long a QUEUE job may wait behind a stuck RUNNING job of its space before it is alerted too. */
  queueAfterMs: number;
}

export const DEFAULT_FALLBACK_MS = 6 * 3_600_000;
export const DEFAULT_QUEUE_AFTER_MS = 30 * 60_000;
export const DEFAULT_STUCK_SETTINGS: StuckSettings = { kinds: {}, fallbackMs: DEFAULT_FALLBACK_MS, queueAfterMs: DEFAULT_QUEUE_AFTER_MS };

/** Finished runs kept per (cluster, space, kind). */
export const HISTORY_RUNS = 20;
/** Runs needed before history sets the limit. */
export const MIN_HISTORY_RUNS = 5;
/** The limit from history: this many times the 90th percentile of the kept runs, never under the floor. */
export const HISTORY_MULTIPLIER = 3;
export const HISTORY_PERCENTILE = 0.9;
export const HISTORY_FLOOR_MS = 30 * 60_000;

/** A finished run of a job, as the poller saw it end. */
export interface RunRecord {
  jobId: number;
  command: string;
  /** Start time (ms): the newest runs are kept. */
  startedAt: number;
  durationMs: number;
}

/** Finished runs per command kind of one space, newest first. */
export type RunHistory = ReadonlyMap<string, readonly RunRecord[]>;

/** Where the kept runs are read (implemented over SQLite in store/). */
export interface RunHistorySource {
  runsOf(ref: SpaceRef): RunHistory;
}

/** How long a kind usually takes here: the 10th to the 90th percentile of the kept runs. */
export interface Usual {
  lowMs: number;
  highMs: number;
  runs: number;
}

export type LimitBasis = 'setting' | 'history' | 'default';

export interface Expectation {
  /** null: never judged stuck. */
  limitMs: number | null;
  basis: LimitBasis;
  usual: Usual | null;
}

/** Nearest-rank percentile of ascending values (p in 0..1); values must not be empty. */
export function percentile(ascending: readonly number[], p: number): number {
  const rank = Math.min(ascending.length, Math.max(1, Math.ceil(p * ascending.length)));
  return ascending[rank - 1];
}

export function usualOf(runs: readonly RunRecord[] | undefined): Usual | null {
  if (!runs || runs.length === 0) return null;
  const ascending = runs.map((run) => run.durationMs).sort((a, b) => a - b);
  return { lowMs: percentile(ascending, 0.1), highMs: percentile(ascending, HISTORY_PERCENTILE), runs: ascending.length };
}

/** The kind's setting wins; else history once there is enough; else the `*` fallback. */
export function expectationFor(command: string, runs: readonly RunRecord[] | undefined, settings: StuckSettings): Expectation {
  const usual = usualOf(runs);
  if (Object.hasOwn(settings.kinds, command)) return { limitMs: settings.kinds[command], basis: 'setting', usual };
  if (usual && usual.runs >= MIN_HISTORY_RUNS) {
    return { limitMs: Math.max(HISTORY_FLOOR_MS, HISTORY_MULTIPLIER * usual.highMs), basis: 'history', usual };
  }
  return { limitMs: settings.fallbackMs, basis: 'default', usual };
}

export interface StuckRunning {
  kind: 'running';
  job: Job;
  /** How long it has run so far. */
  forMs: number;
  expectation: Expectation & { limitMs: number };
  /** QUEUE jobs of the space, oldest first: they wait for this one. */
  waiting: Job[];
}

export interface StuckQueued {
  kind: 'queued';
  job: Job;
  /** Since when it waits (the poller's first sight of it in QUEUE); null where that is not known. */
  since: number | null;
  /** How long it has waited; null where that is not known (lists, the Home tab). */
  forMs: number | null;
  blockedBy: StuckRunning;
}

export interface SpaceStuck {
  running: StuckRunning[];
  /** Every QUEUE job behind a stuck running job (alerted only once it waited queueAfterMs). */
  queued: StuckQueued[];
}

/**
 * The stuck jobs of one space at `now`. `queuedSince` tells since when a QUEUE job waits (graphd
 * gives queued jobs no time); without it queued jobs are reported blocked, with no wait.
 */
export function judgeSpace(jobs: readonly Job[], history: RunHistory, settings: StuckSettings, now: Date, queuedSince?: (jobId: number) => number | null): SpaceStuck {
  const running: StuckRunning[] = [];
  const queue: Job[] = [];
  for (const job of jobs) {
    if (job.status === 'QUEUE') queue.push(job);
    if (job.status !== 'RUNNING' || !job.startTime) continue;
    const forMs = now.getTime() - job.startTime.getTime();
    const expectation = expectationFor(job.command, history.get(job.command), settings);
    if (expectation.limitMs === null || forMs <= expectation.limitMs) continue;
    running.push({ kind: 'running', job, forMs, expectation: { ...expectation, limitMs: expectation.limitMs }, waiting: [] });
  }
  if (running.length === 0) return { running, queued: [] };
  running.sort((a, b) => b.forMs - a.forMs);
  queue.sort((a, b) => a.id - b.id);
  const blocker = running[0];
  blocker.waiting = queue;
  const queued = queue.map((job): StuckQueued => {
    const since = queuedSince?.(job.id) ?? null;
    return { kind: 'queued', job, since, forMs: since === null ? null : Math.max(0, now.getTime() - since), blockedBy: blocker };
  });
  return { running, queued };
}

/** A queued job is alerted once it has waited the setting's time behind a stuck one. */
export function isQueueAlertDue(queued: StuckQueued, settings: StuckSettings): boolean {
  return queued.forMs !== null && queued.forMs >= settings.queueAfterMs;
}

/** What a list or the Home tab says of a job, from the same rule. */
export type StuckHint = { kind: 'running'; forMs: number; limitMs: number; basis: LimitBasis; usual: Usual | null } | { kind: 'queued'; behind: number };

export interface StuckJudge {
  judge(ref: SpaceRef, jobs: readonly Job[], now: Date): SpaceStuck;
}

/** The rule with the kept runs of each space, for lists and the Home tab. */
export class StuckRule implements StuckJudge {
  constructor(
    readonly settings: StuckSettings,
    private readonly history: RunHistorySource,
  ) {}

  judge(ref: SpaceRef, jobs: readonly Job[], now: Date): SpaceStuck {
    // Nothing running: nothing to read.
    if (!jobs.some((job) => job.status === 'RUNNING')) return { running: [], queued: [] };
    return judgeSpace(jobs, this.history.runsOf(ref), this.settings, now);
  }
}

export function stuckHints(stuck: SpaceStuck): Map<number, StuckHint> {
  const hints = new Map<number, StuckHint>();
  for (const r of stuck.running) hints.set(r.job.id, { kind: 'running', forMs: r.forMs, limitMs: r.expectation.limitMs, basis: r.expectation.basis, usual: r.expectation.usual });
  for (const q of stuck.queued) hints.set(q.job.id, { kind: 'queued', behind: q.blockedBy.job.id });
  return hints;
}

/**
 * Parses STUCK_AFTER: `KIND=duration` pairs separated by commas, `*` for every other kind
 * (`COMPACT=6h,STATS=30m,*=2h`); a duration is m, h, d or w, or `off`. Kinds are graphd's names.
 */
export function parseStuckAfter(text: string): { ok: true; kinds: Record<string, number | null>; fallbackMs?: number | null } | { ok: false } {
  const kinds: Record<string, number | null> = {};
  let fallbackMs: number | null | undefined;
  const seen = new Set<string>();
  for (const part of text.split(',')) {
    const match = /^\s*(\*|[A-Za-z][A-Za-z0-9_]{0,63})\s*=\s*(\S+)\s*$/.exec(part);
    if (!match) return { ok: false };
    // graphd prints ZONE_BALANCE as DATA_BALANCE: both name the one kind.
    const kind = match[1].toUpperCase() === 'ZONE_BALANCE' ? 'DATA_BALANCE' : match[1].toUpperCase();
    const value = match[2].toLowerCase();
    const ms = value === 'off' ? null : relativeRangeMs(value);
    if (ms === undefined || (ms === null && value !== 'off') || seen.has(kind)) return { ok: false };
    seen.add(kind);
    if (kind === '*') fallbackMs = ms;
    else kinds[kind] = ms;
  }
  return fallbackMs === undefined ? { ok: true, kinds } : { ok: true, kinds, fallbackMs };
}
