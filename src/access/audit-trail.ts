import { parseInstant, relativeRangeMs } from '../jobs/job-query';
import { JobsError } from '../jobs/jobs-error';
import type { JobsGateway } from '../jobs/jobs-gateway';
import { listAllSpaces } from '../spaces/all-spaces';
import { findSpace } from '../spaces/resolve-space';
import type { SpaceRef } from '../spaces/space-ref';
import type { AuditEntry, AuditLog } from './audit';
import type { GroupDirectory } from './group-directory';
import { roleIn } from './permissions';
import type { Policy } from './policy';

export interface AuditTrailDeps {
  gateway: JobsGateway;
  policy: Policy;
  groups: GroupDirectory;
  audit: AuditLog;
  now: () => Date;
}

const LIMIT = 15;

/** The latest audit entries of the spaces the reader administers; only admins may read them. */
export async function readAuditTrail(deps: AuditTrailDeps, userId: string, request: { space?: string; since?: string }): Promise<AuditEntry[]> {
  const candidates = request.space ? [await findSpace(deps.gateway, request.space)] : (await listAllSpaces(deps.gateway)).spaces;
  const administered: SpaceRef[] = [];
  for (const ref of candidates) {
    if ((await roleIn(deps.policy, deps.groups, userId, ref)) === 'admin') administered.push(ref);
  }
  if (administered.length === 0) {
    throw new JobsError('not-allowed', request.space ? `Only admins of \`${request.space}\` can read its audit trail.` : 'Only admins can read the audit trail.');
  }
  const now = deps.now();
  const relative = request.since ? relativeRangeMs(request.since) : null;
  const since = relative !== null ? new Date(now.getTime() - relative) : request.since ? (parseInstant(request.since) ?? undefined) : undefined;
  return deps.audit.latest({ spaces: administered, since, limit: LIMIT });
}
