import { requireView } from '../../access/view-access';
import { listJobs } from '../../jobs/list-jobs';
import { showJob } from '../../jobs/show-job';
import { jobDetailMessage } from '../blocks/job-detail';
import { jobListMessage } from '../blocks/job-list';
import { SlackMessage } from '../blocks/message';
import { JobRef } from '../interactive/job-ref';
import { ListView } from '../interactive/list-view';
import { ListenerDeps } from './listener-deps';

/** A page of a space's jobs, read afresh from graphd, as a message; `banner` says what just happened. */
export async function listMessage(deps: ListenerDeps, view: ListView, banner?: string): Promise<SlackMessage> {
  const listing = await listJobs(deps.gateway, { cluster: view.cluster, space: view.space, query: view.query, page: view.page }, deps.now, deps.stuck);
  return jobListMessage(listing, view.share, deps.now(), banner);
}

/** A job with its tasks, read afresh from graphd, as a message. */
export async function detailMessage(deps: ListenerDeps, ref: JobRef, banner?: string): Promise<SlackMessage> {
  return jobDetailMessage(await showJob(deps.gateway, ref, ref.jobId, deps.now), deps.now(), banner);
}

/**
 * What a command or click asks to see: checked against the reader's role first (a button
 * names a space, whoever clicks it), so nothing of a space they may not view is read.
 */
export async function viewList(deps: ListenerDeps, readerId: string, view: ListView): Promise<SlackMessage> {
  await requireView(deps, readerId, view);
  return listMessage(deps, view);
}

export async function viewDetail(deps: ListenerDeps, readerId: string, ref: JobRef): Promise<SlackMessage> {
  await requireView(deps, readerId, ref);
  return detailMessage(deps, ref);
}
