import type { SpaceRef } from '../spaces/space-ref';
import type { Job } from './job';
import { isJobsError } from './jobs-error';
import type { JobsGateway } from './jobs-gateway';
import { type JobAction, recoverDeclinedReason, verdictFor } from './rules';

export type ActionResult =
  | { result: 'executed'; before: Job; after: Job | null }
  /** The rules of graphd say no: nothing was sent. */
  | { result: 'refused'; reason: string; before: Job }
  /** graphd answered no (an error, or 0 jobs recovered). */
  | { result: 'refused-by-server'; reason: string; before: Job; after: Job | null }
  /** Sent, but no answer in time: it may or may not have happened. Never resent. */
  | { result: 'outcome-unknown'; reason: string; before: Job; after: Job | null };

/** How an attempt that got past permissions ended: the result, or `failed` when nothing was sent. */
export type ExecutionOutcome = ActionResult['result'] | 'failed';

/** Kinds of failure that mean the statement never left the bot. */
const NOT_SENT = new Set(['nebula-unreachable', 'nebula-busy', 'nebula-credentials']);

async function reread(gateway: JobsGateway, ref: SpaceRef, jobId: number): Promise<Job | null> {
  return gateway.showJob(ref, jobId).then(
    (detail) => detail.job,
    () => null,
  );
}

export interface ActionHooks {
  /**
   * Runs just before the statement leaves, with the job as re-read; when it throws, nothing is
   * sent and performAction throws that error.
   */
  beforeSend?: (before: Job) => void;
}

/**
 * Check-then-act: re-read the job (a button's idea of its state may be stale), apply graphd's
 * rules, send STOP/RECOVER with the id, then re-read to show what it became. It throws only
 * while nothing has been sent; once the statement may have left, every failure is a result.
 * Callers keep two of these from running on one job at once (act-on-job.ts).
 */
export async function performAction(
  gateway: JobsGateway,
  request: SpaceRef & { jobId: number; action: JobAction },
  now: () => Date,
  hooks: ActionHooks = {},
): Promise<ActionResult> {
  const { jobId, action } = request;
  const ref: SpaceRef = { cluster: request.cluster, space: request.space };
  const { jobExpiryMs } = gateway.serverFacts(ref.cluster);
  const before = (await gateway.showJob(ref, jobId)).job;
  const spaceJobs = action === 'recover' ? await gateway.listJobs(ref) : [];
  const verdict = verdictFor(action, before, spaceJobs, now(), jobExpiryMs);
  if (!verdict.allowed) return { result: 'refused', reason: verdict.reason, before };
  hooks.beforeSend?.(before);
  try {
    if (action === 'stop') {
      await gateway.stopJob(ref, jobId, before.command);
    } else if ((await gateway.recoverJob(ref, jobId)) === 0) {
      // graphd's answer wins over the rules: read the space again to say why it declined.
      const listedAfter = await gateway.listJobs(ref).catch(() => null);
      return {
        result: 'refused-by-server',
        reason: recoverDeclinedReason(before, listedAfter, now(), jobExpiryMs),
        before,
        // The listing already holds the job as it is now; read it alone only when the listing failed.
        after: listedAfter ? (listedAfter.find((job) => job.id === jobId) ?? null) : await reread(gateway, ref, jobId),
      };
    }
  } catch (error) {
    if (isJobsError(error) && NOT_SENT.has(error.kind)) throw error;
    const after = await reread(gateway, ref, jobId);
    if (!isJobsError(error)) {
      return {
        result: 'outcome-unknown',
        reason: `The bot lost track of the request (${error instanceof Error ? error.message : 'unknown error'}). It was not sent again.`,
        before,
        after,
      };
    }
    const result = error.kind === 'outcome-unknown' ? 'outcome-unknown' : 'refused-by-server';
    return { result, reason: error.message, before, after };
  }
  return { result: 'executed', before, after: await reread(gateway, ref, jobId) };
}

/** The freshest state of the job an action result knows. */
export function latestJob(result: ActionResult): Job {
  return 'after' in result && result.after ? result.after : result.before;
}
