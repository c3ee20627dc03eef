/**
 * Plain-words meanings of the error-code names graphd shows for jobs and tasks
 * (common.thrift ErrorCode; docs/nebula-graphd.md).
 */
const MEANINGS: Record<string, string> = {
  SUCCEEDED: 'finished normally',
  E_JOB_SUBMITTED: 'no result recorded yet (set while queued or running; a stopped job keeps it)',
  E_USER_CANCEL: 'the job was stopped (storaged reports its tasks cancelled)',
  E_RPC_FAILURE: 'metad could not reach a storaged, or the admin call to it failed (is the storaged admin port reachable?)',
  E_TASK_EXECUTION_FAILED: 'a task failed while running on a storaged',
  E_REBUILD_INDEX_FAILED: 'rebuilding the index failed',
  E_STORE_FAILURE: 'the storage engine reported a failure',
  E_INVALID_TASK_PARA: 'the task was given invalid parameters',
  E_SPACE_NOT_FOUND: 'the graph space was dropped while the job ran',
  E_PART_NOT_FOUND: 'a partition was not found (moved or dropped while the job ran)',
  E_INDEX_NOT_FOUND: 'the index was dropped while the job ran',
  E_TAG_NOT_FOUND: 'the tag was dropped while the job ran',
  E_EDGE_NOT_FOUND: 'the edge type was dropped while the job ran',
  E_JOB_HAS_NO_TARGET_STORAGE: 'no storaged to run on yet (leader distribution not reported)',
  E_NO_HOSTS: 'no storage hosts are available',
  E_LEADER_CHANGED: 'a partition leader changed during the job',
  E_BALANCER_FAILURE: 'the balancer failed',
  E_NO_VALID_HOST: 'no valid host to move partitions to',
  E_BAD_BALANCE_PLAN: 'the balance plan is invalid',
  E_JOB_NOT_STOPPABLE: 'metad cannot stop this kind of job while it runs it (one left running by a metad restart can be stopped)',
  E_JOB_ALREADY_FINISH: 'the job had already finished',
  E_JOB_NEED_RECOVER: 'a failed balance job must be recovered or stopped first',
  E_UNKNOWN: 'an unknown error',
};

export function errorCodeMeaning(code: string | null): string | null {
  if (!code) return null;
  return MEANINGS[code] ?? null;
}
