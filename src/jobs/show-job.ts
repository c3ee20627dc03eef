import type { SpaceRef } from '../spaces/space-ref';
import { withOwnTaskCodes } from './graphd-release';
import type { Job, JobDetail } from './job';
import type { JobsGateway } from './jobs-gateway';
import { availableActions, type JobAction } from './rules';
import type { ServerFacts } from './server-facts';
import { type StuckHint, type StuckJudge, stuckHints } from './stuck-rule';

export interface JobView extends SpaceRef {
  /** Task error codes only where they are the tasks' own (graphd-release.ts). */
  detail: JobDetail;
  actions: JobAction[];
  /** Where the stuck rule flags the job (as lists do): running too long, or queued behind such a job. */
  stuck?: StuckHint;
}

/**
 * A job's detail and what may be done with it (the recover rules need the space's other jobs).
 * With `judge`, an unfinished job is judged stuck or not as lists judge it: a running one by
 * itself, a queued one against the space's running jobs (what it may wait behind).
 */
export async function showJob(gateway: JobsGateway, ref: SpaceRef, jobId: number, now: () => Date, judge?: StuckJudge): Promise<JobView> {
  const read = await gateway.showJob(ref, jobId);
  const { status } = read.job;
  const recoverable = status === 'FAILED' || status === 'STOPPED';
  const spaceJobs = recoverable || (judge && status === 'QUEUE') ? await gateway.listJobs(ref) : [];
  return jobViewOf(ref, read, spaceJobs, gateway.serverFacts(ref.cluster), now(), judge);
}

/** A detail as graphd answered, as the bot shows it: task codes as the release gives them, the actions, the stuck hint. */
export function jobViewOf(ref: SpaceRef, read: JobDetail, spaceJobs: readonly Job[], facts: ServerFacts, at: Date, judge?: StuckJudge): JobView {
  const detail = withOwnTaskCodes(read, facts.version);
  const view: JobView = { cluster: ref.cluster, space: ref.space, detail, actions: availableActions(detail.job, spaceJobs, at, facts.jobExpiryMs) };
  const stuck = judge ? stuckHintOf(judge, ref, detail.job, spaceJobs, at) : undefined;
  return stuck ? { ...view, stuck } : view;
}

/** The list's stuck hint for one job: a running job is judged by itself, a queued one against its space's jobs. */
export function stuckHintOf(judge: StuckJudge, ref: SpaceRef, job: Job, spaceJobs: readonly Job[], at: Date): StuckHint | undefined {
  if (job.status !== 'RUNNING' && job.status !== 'QUEUE') return undefined;
  return stuckHints(judge.judge(ref, job.status === 'RUNNING' ? [job] : spaceJobs, at)).get(job.id);
}
