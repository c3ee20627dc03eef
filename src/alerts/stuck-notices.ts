import { isDataBalance, type Job, jobDurationMs } from '../jobs/job';
import { availableActions } from '../jobs/rules';
import { type RunHistory, type StuckQueued, type StuckRunning, type StuckSettings, usualOf } from '../jobs/stuck-rule';
import type { Transition } from '../jobs/transitions';
import type { SpaceRef } from '../spaces/space-ref';
import { alertedJob, type FinishedNotice, type FollowUp, type OutboxEntry, type StuckAlert } from './notices';
import type { Subscriber } from './poller-store';
import type { StuckEnding } from './stuck-watch';

/** Queued jobs named in a stuck job's alert; the rest are counted. */
const WAITING_SHOWN = 10;

/** Who hears what: the kinds a subscription may list besides FAILED and STOPPED. */
export const STUCK = 'STUCK';
export const FINISHED = 'FINISHED';

/** The alert for a stuck job, frozen now. Stop is offered where graphd may accept it (rules.ts). */
export function stuckAlertOf(space: SpaceRef, verdict: StuckRunning | StuckQueued, jobs: readonly Job[], settings: StuckSettings, now: Date, expiryMs: number): StuckAlert {
  const base = {
    kind: 'stuck' as const,
    cluster: space.cluster,
    space: space.space,
    job: alertedJob(verdict.job),
    actions: availableActions(verdict.job, jobs, now, expiryMs).filter((action) => action === 'stop'),
    detectedAt: now.getTime(),
  };
  if (verdict.kind === 'running') {
    return {
      ...base,
      reason: 'running',
      forMs: verdict.forMs,
      limitMs: verdict.expectation.limitMs,
      basis: verdict.expectation.basis,
      usual: verdict.expectation.usual,
      waiting: verdict.waiting.slice(0, WAITING_SHOWN).map((job) => ({ id: job.id, command: job.command })),
      moreWaiting: Math.max(0, verdict.waiting.length - WAITING_SHOWN),
      blockedBy: null,
    };
  }
  const blocker = verdict.blockedBy;
  return {
    ...base,
    reason: 'queued',
    forMs: verdict.forMs ?? 0,
    limitMs: settings.queueAfterMs,
    basis: 'setting',
    usual: blocker.expectation.usual,
    waiting: [],
    moreWaiting: 0,
    blockedBy: { id: blocker.job.id, command: blocker.job.command, forMs: blocker.forMs },
  };
}

/** A short notice for a job that finished; `history` is the space's runs before this one. */
export function finishedNoticeOf(space: SpaceRef, job: Job, history: RunHistory, now: Date): FinishedNotice {
  return {
    cluster: space.cluster,
    space: space.space,
    job: alertedJob(job),
    tookMs: job.startTime && job.stopTime ? jobDurationMs(job, now) : null,
    usual: usualOf(history.get(job.command)),
    detectedAt: now.getTime(),
  };
}

/**
 * Each subscriber's stuck alerts and finished notices: one message each, or one digest when
 * there are more than `digestAbove` of a kind. A channel already told of a job's end in the
 * thread of its alert (`threaded`: `channel\u0000jobId`) gets no finished notice for it.
 */
export function stuckAndFinishedEntries(
  subscribers: readonly Subscriber[],
  stuck: readonly StuckAlert[],
  finished: readonly FinishedNotice[],
  digestAbove: number,
  threaded: ReadonlySet<string>,
): OutboxEntry[] {
  const entries: OutboxEntry[] = [];
  for (const { channelId, statuses } of subscribers) {
    if (stuck.length > 0 && statuses.includes(STUCK)) {
      if (stuck.length > digestAbove) entries.push({ channelId, notice: { kind: 'stuck-digest', alerts: [...stuck] } });
      else for (const alert of stuck) entries.push({ channelId, notice: { kind: 'stuck', alert } });
    }
    if (finished.length > 0 && statuses.includes(FINISHED)) {
      const mine = finished.filter((notice) => !threaded.has(`${channelId}\u0000${notice.job.id}`));
      if (mine.length > digestAbove) entries.push({ channelId, notice: { kind: 'finished-digest', finished: mine } });
      else for (const notice of mine) entries.push({ channelId, notice: { kind: 'finished', finished: notice } });
    }
  }
  return entries;
}

/** What a follow-up adds: how long a stuck run or wait lasted, or that a failed balance job no longer blocks new ones. */
export function followUpExtras(transition: Transition, endings: ReadonlyMap<number, StuckEnding>, jobs: readonly Job[]): Pick<FollowUp, 'stuck' | 'balanceUnblocked'> {
  const ending = endings.get(transition.job.id);
  const { job } = transition;
  const unblocked =
    transition.from === 'FAILED' &&
    transition.to !== 'FAILED' &&
    isDataBalance(job.command) &&
    !jobs.some((other) => other.id !== job.id && other.status === 'FAILED' && isDataBalance(other.command));
  return { ...(ending ? { stuck: ending } : {}), ...(unblocked ? { balanceUnblocked: true } : {}) };
}
