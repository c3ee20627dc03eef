import { Job } from '../jobs/job';
import { JobsError } from '../jobs/jobs-error';
import { JobsGateway } from '../jobs/jobs-gateway';
import { ActionResult, performAction } from '../jobs/perform-action';
import { JobAction, verdictFor } from '../jobs/rules';
import { expiredBeforeDecision } from './approval-expiry';
import { Approval, ApprovalStore } from './approvals';
import { AuditLog, AuditResult } from './audit';
import { GroupDirectory } from './group-directory';
import { canDecide, decideAction, roleIn } from './permissions';
import { Policy } from './policy';

export interface ActDeps {
  gateway: JobsGateway;
  policy: Policy;
  groups: GroupDirectory;
  audit: AuditLog;
  approvals: ApprovalStore;
  now: () => Date;
}

export interface ActionRequest {
  userId: string;
  channelId: string;
  responseUrl: string | null;
  /** Opaque: lets the Slack layer redraw the requester's message when a decision comes. */
  context: string | null;
  space: string;
  jobId: number;
  action: JobAction;
}

export type ActOutcome =
  | { kind: 'denied'; reason: string }
  | { kind: 'approval-requested'; approval: Approval; job: Job }
  | { kind: 'done'; result: ActionResult; actorId: string };

export type DecisionOutcome =
  | { kind: 'not-allowed'; reason: string }
  | { kind: 'expired'; approval: Approval }
  | { kind: 'already-decided'; approval: Approval }
  | { kind: 'rejected'; approval: Approval }
  | { kind: 'approved'; approval: Approval; result: ActionResult };

function audit(deps: ActDeps, userId: string, target: { space: string; jobId: number; action: JobAction }, result: AuditResult, detail: string): void {
  deps.audit.record({ at: deps.now(), userId, space: target.space, jobId: target.jobId, action: target.action, result, detail });
}

/** Runs the action against graphd and records what happened, whatever happened. */
async function execute(deps: ActDeps, actorId: string, target: { space: string; jobId: number; action: JobAction }, note: string): Promise<ActionResult> {
  let result: ActionResult;
  try {
    result = await performAction(deps.gateway, target, deps.now);
  } catch (error) {
    audit(deps, actorId, target, 'failed', `${note}${error instanceof Error ? error.message : 'unknown error'}`);
    throw error;
  }
  const detail = result.result === 'executed' ? `now ${result.after?.status ?? 'unknown'}` : result.reason;
  audit(deps, actorId, target, result.result, `${note}${detail}`);
  return result;
}

/**
 * Someone clicked Stop/Recover or typed the command. Authority comes from their Slack user id
 * only; the job's state is re-read from graphd before anything is asked or sent.
 */
export async function requestJobAction(deps: ActDeps, request: ActionRequest): Promise<ActOutcome> {
  const role = await roleIn(deps.policy, deps.groups, request.userId, request.space);
  const decision = decideAction(deps.policy, role, request.action, request.space);
  if (decision.kind === 'deny') {
    audit(deps, request.userId, request, 'denied', `role ${role}`);
    return { kind: 'denied', reason: decision.reason };
  }
  if (decision.kind === 'execute') {
    return { kind: 'done', result: await execute(deps, request.userId, request, ''), actorId: request.userId };
  }
  // Do not ask an admin to approve what graphd would refuse anyway.
  const job = (await deps.gateway.showJob(request.space, request.jobId)).job;
  const spaceJobs = request.action === 'recover' ? await deps.gateway.listJobs(request.space) : [];
  const verdict = verdictFor(request.action, job, spaceJobs, deps.now());
  if (!verdict.allowed) {
    audit(deps, request.userId, request, 'refused', verdict.reason);
    return { kind: 'done', result: { result: 'refused', reason: verdict.reason, before: job }, actorId: request.userId };
  }
  const now = deps.now();
  const approval = deps.approvals.create({
    action: request.action,
    space: request.space,
    jobId: request.jobId,
    requesterId: request.userId,
    requestedIn: request.channelId,
    requesterResponseUrl: request.responseUrl,
    requesterContext: request.context,
    createdAt: now,
    expiresAt: new Date(now.getTime() + deps.policy.approvals.expiresMinutes * 60_000),
  });
  audit(deps, request.userId, request, 'requested', `approval ${approval.id}, job was ${job.status}`);
  return { kind: 'approval-requested', approval, job };
}

/** An Approve or Reject click. The first valid decision wins; the action runs at most once. */
export async function decideApproval(deps: ActDeps, input: { approvalId: string; deciderId: string; decision: 'approve' | 'reject' }): Promise<DecisionOutcome> {
  const found = deps.approvals.get(input.approvalId);
  if (!found) throw new JobsError('invalid-input', 'This approval request no longer exists.');
  const target = { space: found.space, jobId: found.jobId, action: found.action };
  const role = await roleIn(deps.policy, deps.groups, input.deciderId, found.space);
  const allowed = canDecide(role, input.deciderId, found.requesterId);
  if (!allowed.ok) {
    audit(deps, input.deciderId, target, 'denied', `tried to ${input.decision} approval ${found.id}`);
    return { kind: 'not-allowed', reason: allowed.reason };
  }
  const now = deps.now();
  const current = (): Approval => deps.approvals.get(found.id) ?? found;
  if (found.status === 'pending' && now >= found.expiresAt && deps.approvals.expire(found.id, now)) {
    audit(deps, input.deciderId, target, 'expired', expiredBeforeDecision(found));
    return { kind: 'expired', approval: current() };
  }
  const decision = input.decision === 'approve' ? 'approved' : 'rejected';
  if (!deps.approvals.decide(found.id, decision, input.deciderId, now)) {
    const latest = current();
    return latest.status === 'expired' ? { kind: 'expired', approval: latest } : { kind: 'already-decided', approval: latest };
  }
  audit(deps, input.deciderId, target, decision, `approval ${found.id} requested by ${found.requesterId}`);
  if (decision === 'rejected') return { kind: 'rejected', approval: current() };

  let result: ActionResult;
  try {
    result = await execute(deps, found.requesterId, target, `approved by ${input.deciderId}: `);
  } catch (error) {
    deps.approvals.finish(found.id, 'failed', error instanceof Error ? error.message : 'failed');
    throw error;
  }
  deps.approvals.finish(found.id, result.result, result.result === 'executed' ? `now ${result.after?.status ?? 'unknown'}` : result.reason);
  return { kind: 'approved', approval: current(), result };
}
