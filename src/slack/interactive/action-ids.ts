/** Every interactive element's action_id, so blocks/ and actions/ agree on one list. */
export const ActionId = {
  listPrevious: 'jobs.list.previous',
  listNext: 'jobs.list.next',
  listRefresh: 'jobs.list.refresh',
  listStatus: 'jobs.list.status',
  listRange: 'jobs.list.range',
  jobDetails: 'jobs.job.details',
  jobRefresh: 'jobs.job.refresh',
  jobStop: 'jobs.job.stop',
  jobRecover: 'jobs.job.recover',
  approve: 'jobs.approval.approve',
  reject: 'jobs.approval.reject',
  homeOpenJobs: 'jobs.home.open',
  // Following jobs: watches and auto-refreshing lists.
  jobWatch: 'jobs.job.watch',
  jobUnwatch: 'jobs.job.unwatch',
  listAutoRefresh: 'jobs.list.auto-refresh',
  // Cluster and space menus of lists and details.
  pickCluster: 'jobs.pick.cluster',
  pickSpace: 'jobs.pick.space',
} as const;

/** block_id prefix of the list's filter row: the row's block_id carries the list view. */
export const LIST_FILTERS_BLOCK = 'list-filters:';

/**
 * block_id prefix of the cluster and space pickers: the row's block_id carries the list view a
 * pick starts from (a detail carries its space's default list view).
 */
export const SPACE_PICKER_BLOCK = 'space-pick:';
