import { requireView } from '../../access/view-access';
import { type JobListing, listJobs } from '../../jobs/list-jobs';
import { showJob } from '../../jobs/show-job';
import { jobDetailMessage } from '../blocks/job-detail';
import { jobListMessage } from '../blocks/job-list';
import type { SlackMessage } from '../blocks/message';
import type { JobRef } from '../interactive/job-ref';
import type { ListView } from '../interactive/list-view';
import type { ListenerDeps } from './listener-deps';
import { pickerChoices } from './picker-choices';

/** A page of the view's jobs, read afresh from graphd, with stuck jobs marked. */
export function readListing(deps: ListenerDeps, view: ListView): Promise<JobListing> {
  return listJobs(deps.gateway, { cluster: view.cluster, space: view.space, query: view.query, page: view.page }, deps.now, deps.stuck);
}

/**
 * A page of a space's jobs, read afresh from graphd, as a message; `banner` says what just
 * happened. Drawn for `readerId`, it offers them the clusters and spaces they may switch to.
 */
export async function listMessage(deps: ListenerDeps, view: ListView, banner?: string, readerId?: string): Promise<SlackMessage> {
  const [listing, picker] = await Promise.all([readListing(deps, view), readerId ? pickerChoices(deps, readerId, view, view.share) : undefined]);
  return jobListMessage(listing, view.share, deps.now(), { banner, picker });
}

/** A job with its tasks, read afresh from graphd, as a message (with pickers, for `readerId`), marked where it looks stuck. */
export async function detailMessage(deps: ListenerDeps, ref: JobRef, banner?: string, readerId?: string): Promise<SlackMessage> {
  const [view, picker] = await Promise.all([showJob(deps.gateway, ref, ref.jobId, deps.now, deps.stuck), readerId ? pickerChoices(deps, readerId, ref, false) : undefined]);
  return jobDetailMessage(view, deps.now(), banner, picker);
}

/**
 * What a command or click asks to see: checked against the reader's role first (a button
 * names a space, whoever clicks it), so nothing of a space they may not view is read.
 */
export async function viewList(deps: ListenerDeps, readerId: string, view: ListView): Promise<SlackMessage> {
  await requireView(deps, readerId, view);
  return listMessage(deps, view, undefined, readerId);
}

export async function viewDetail(deps: ListenerDeps, readerId: string, ref: JobRef): Promise<SlackMessage> {
  await requireView(deps, readerId, ref);
  return detailMessage(deps, ref, undefined, readerId);
}
