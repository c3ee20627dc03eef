import type { Job } from '../jobs/job';
import type { JobsGateway } from '../jobs/jobs-gateway';
import { type JobAction, verdictFor } from '../jobs/rules';
import { type SpaceRef, spaceLabel } from '../spaces/space-ref';
import type { AuditLog } from './audit';
import type { GroupDirectory } from './group-directory';
import { decideAction, mayView, roleIn } from './permissions';
import type { Policy } from './policy';
import { notViewable } from './view-access';

export interface PreviewDeps {
  gateway: JobsGateway;
  policy: Policy;
  groups: GroupDirectory;
  audit: AuditLog;
  now: () => Date;
}

export type ActionPreview = { kind: 'denied'; reason: string } | { kind: 'refused'; reason: string; job: Job } | { kind: 'confirm'; job: Job; needsApproval: boolean };

/**
 * A typed `stop`/`recover`. The space may have come from the channel's default, which someone
 * else can change, so a typed command never acts: it is checked like a click (a denial or a
 * refusal by graphd's rules is answered, and recorded, at once) and otherwise answered with the
 * job as it is now and a button to confirm. Only reads reach graphd; the click is the attempt,
 * checked again in full (act-on-job).
 */
export async function previewJobAction(deps: PreviewDeps, request: SpaceRef & { userId: string; jobId: number; action: JobAction }): Promise<ActionPreview> {
  const { userId, cluster, space, jobId, action } = request;
  const ref: SpaceRef = { cluster, space };
  const record = (result: 'denied' | 'refused', detail: string): void =>
    deps.audit.record({ at: deps.now(), userId, cluster, space, jobId, action, result, detail: `typed command, before confirmation: ${detail}` });
  const role = await roleIn(deps.policy, deps.groups, userId, ref, 'cached');
  const decision = decideAction(deps.policy, role, action, ref);
  if (decision.kind === 'deny') {
    record('denied', `role ${role}`);
    return { kind: 'denied', reason: mayView(role) ? decision.reason : notViewable(spaceLabel(ref)).message };
  }
  const job = (await deps.gateway.showJob(ref, jobId)).job;
  const spaceJobs = action === 'recover' ? await deps.gateway.listJobs(ref) : [];
  const verdict = verdictFor(action, job, spaceJobs, deps.now(), deps.gateway.serverFacts(cluster).jobExpiryMs);
  if (!verdict.allowed) {
    record('refused', verdict.reason);
    return { kind: 'refused', reason: verdict.reason, job };
  }
  return { kind: 'confirm', job, needsApproval: decision.kind === 'request-approval' };
}
