import type { Job } from '../jobs/job';
import { isJobsError } from '../jobs/jobs-error';
import type { JobsGateway } from '../jobs/jobs-gateway';
import type { JobAction } from '../jobs/rules';
import type { ActionIntent, IntentStore } from './action-intents';
import type { Approval, ApprovalStore } from './approvals';

export interface InterruptedActionsDeps {
  gateway: JobsGateway;
  intents: IntentStore;
  approvals: ApprovalStore;
  now: () => Date;
}

export type InterruptedResult = 'executed' | 'outcome-unknown' | 'failed';

export interface FinishedIntent {
  intent: ActionIntent;
  result: InterruptedResult;
  /** The job as re-read now; null when graphd no longer shows it (or, nothing having been sent, could not be asked). */
  job: Job | null;
  /** The approval request it carried out, as finished. */
  approval: Approval | null;
}

/**
 * Whether an unresolved intent was left behind: never one of this process (its outcomes wait in
 * UnrecordedOutcomes); one whose process is known dead; or one that has run far longer than
 * its statements' timeouts allow (a process on another host, or a stuck one).
 */
export function isAbandoned(intent: ActionIntent, me: { holder: string; holderIsDead: (holder: string) => boolean; now: Date; maxRunMs: number }): boolean {
  if (intent.holder === me.holder) return false;
  return me.holderIsDead(intent.holder) || me.now.getTime() - intent.startedAt.getTime() > me.maxRunMs;
}

/** What a job shows once the action has taken effect. A recovered job queues, runs, and may finish. */
function showsEffect(action: JobAction, job: Job): boolean {
  return action === 'stop' ? job.status === 'STOPPED' : job.status === 'QUEUE' || job.status === 'RUNNING' || job.status === 'FINISHED';
}

/**
 * The rule for an action whose process died before it knew the outcome:
 * - nothing was sent (no `sentAt`): `failed`;
 * - sent, and the job now clearly shows the effect (stop: STOPPED; recover: QUEUE, RUNNING or
 *   FINISHED, which a FAILED or STOPPED job reaches only by being recovered): `executed`;
 * - sent, and the job shows no effect, or is gone: `outcome-unknown`, with what it shows now.
 * Nothing is ever sent again.
 */
export function interruptedOutcome(intent: ActionIntent, job: Job | null | 'unread'): { result: InterruptedResult; detail: string } {
  const now = job === 'unread' ? 'the job could not be read' : job ? `the job now shows ${job.status}` : 'graphd no longer lists the job';
  if (!intent.sentAt) return { result: 'failed', detail: `the bot stopped before sending it; nothing was sent (${now})` };
  if (job !== 'unread' && job && showsEffect(intent.action, job)) {
    return { result: 'executed', detail: `the bot restarted before graphd answered; re-read afterwards: now ${job.status}` };
  }
  return { result: 'outcome-unknown', detail: `the bot restarted before graphd answered; ${now} (was ${intent.statusBefore ?? 'unknown'}); not sent again` };
}

/** The job now, null when graphd says it is gone; throws when graphd cannot tell right now. */
async function rereadJob(gateway: JobsGateway, intent: ActionIntent): Promise<Job | null> {
  try {
    return (await gateway.showJob(intent, intent.jobId)).job;
  } catch (error) {
    if (isJobsError(error) && (error.kind === 'job-not-found' || error.kind === 'space-not-found')) return null;
    throw error;
  }
}

/**
 * Resolves the intents a dead process left: each gets its audit entry and finishes its approval
 * request, once (another process resolving the same intent first wins). An intent whose job
 * graphd cannot show right now is left for the next run, and keeps its job locked until then.
 */
export async function finishInterruptedActions(deps: InterruptedActionsDeps, isAbandoned: (intent: ActionIntent) => boolean): Promise<FinishedIntent[]> {
  const finished: FinishedIntent[] = [];
  for (const intent of deps.intents.unresolved().filter(isAbandoned)) {
    let job: Job | null | 'unread';
    try {
      job = await rereadJob(deps.gateway, intent);
    } catch {
      if (intent.sentAt) continue;
      job = 'unread'; // nothing was sent: the outcome is known without graphd
    }
    const { result, detail } = interruptedOutcome(intent, job);
    const resolved = deps.intents.resolve(intent.id, {
      audit: {
        at: deps.now(),
        userId: intent.actorId,
        cluster: intent.cluster,
        space: intent.space,
        jobId: intent.jobId,
        action: intent.action,
        result,
        detail: `${intent.note}${detail}`,
      },
      approval: intent.approvalId ? { status: result, detail } : undefined,
    });
    if (!resolved) continue;
    finished.push({ intent, result, job: job === 'unread' ? null : job, approval: intent.approvalId ? deps.approvals.get(intent.approvalId) : null });
  }
  return finished;
}
