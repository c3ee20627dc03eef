import type { Job } from '../jobs/job';
import { isJobsError, JobsError } from '../jobs/jobs-error';
import type { JobsGateway } from '../jobs/jobs-gateway';
import { type ActionResult, type ExecutionOutcome, performAction } from '../jobs/perform-action';
import { type JobAction, verdictFor } from '../jobs/rules';
import { type SpaceRef, spaceLabel } from '../spaces/space-ref';
import type { ActionIntent, Claim, IntentStore, NewIntent } from './action-intents';
import { expiredBeforeDecision } from './approval-expiry';
import type { Approval, ApprovalStore } from './approvals';
import type { AuditEntry, AuditLog, AuditResult } from './audit';
import type { GroupDirectory } from './group-directory';
import { canDecide, decideAction, roleIn } from './permissions';
import type { Policy, Role } from './policy';
import type { UnrecordedOutcomes } from './unrecorded-outcomes';

export interface ActDeps {
  gateway: JobsGateway;
  policy: Policy;
  groups: GroupDirectory;
  audit: AuditLog;
  approvals: ApprovalStore;
  intents: IntentStore;
  /** What the database refused to record, written again by the sweep. */
  unrecorded: UnrecordedOutcomes;
  now: () => Date;
}

export interface ActionRequest {
  userId: string;
  channelId: string;
  responseUrl: string | null;
  /** Opaque: lets the Slack layer redraw the requester's message when a decision comes. */
  context: string | null;
  cluster: string;
  space: string;
  jobId: number;
  action: JobAction;
}

/** What ran, and whether the audit trail has it yet (null) or why not. */
export interface Carried {
  result: ActionResult;
  unrecorded: string | null;
}

export type ActOutcome =
  | { kind: 'denied'; reason: string }
  /** Another stop or recover of the job is under way: nothing was sent. */
  | { kind: 'busy'; heldBy: ActionIntent }
  | { kind: 'approval-requested'; approval: Approval; job: Job }
  | ({ kind: 'done'; actorId: string } & Carried);

export type DecisionOutcome =
  | { kind: 'not-allowed'; reason: string }
  | { kind: 'expired'; approval: Approval }
  | { kind: 'already-decided'; approval: Approval }
  | { kind: 'rejected'; approval: Approval }
  /** The request stays open: another stop or recover of the job is under way. */
  | { kind: 'busy'; approval: Approval; heldBy: ActionIntent }
  /** Approved, but the requester no longer has the right to act: nothing was sent. */
  | { kind: 'requester-not-allowed'; approval: Approval; role: Role }
  | ({ kind: 'approved'; approval: Approval } & Carried);

type Target = SpaceRef & { jobId: number; action: JobAction };

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function entry(deps: ActDeps, userId: string, target: Target, result: AuditResult, detail: string): AuditEntry {
  return { at: deps.now(), userId, cluster: target.cluster, space: target.space, jobId: target.jobId, action: target.action, result, detail };
}

/** Records an attempt; when the database refuses, the entry waits for the sweep and the answer still goes out. */
function record(deps: ActDeps, audited: AuditEntry): void {
  try {
    deps.audit.record(audited);
  } catch {
    deps.unrecorded.entry(audited);
  }
}

function cannotWrite(error: unknown): JobsError {
  return new JobsError(
    'action-refused',
    `The bot cannot write to its database right now (${reasonOf(error)}), so nothing was sent to NebulaGraph; the job is as it was.`,
    'Whoever runs the bot should check its disk and database file.',
  );
}

/** Claims the job; a database that cannot be written means nothing is attempted. */
function claimJob(deps: ActDeps, intent: NewIntent, approval?: { deciderId: string; at: Date; audit: AuditEntry }): Claim {
  try {
    return deps.intents.claim(intent, approval);
  } catch (error) {
    record(deps, entry(deps, intent.actorId, intent, 'failed', `${intent.note}not started: ${reasonOf(error)}`));
    throw cannotWrite(error);
  }
}

function busyEntry(deps: ActDeps, userId: string, heldBy: ActionIntent, note = ''): AuditEntry {
  const doing = heldBy.action === 'stop' ? 'stopping' : 'recovering';
  return entry(deps, userId, heldBy, 'refused', `${note}${heldBy.actorId} was already ${doing} the job; nothing was sent`);
}

/**
 * Ends the intent with its audit entry (and the approval it carried out) in one write. When the
 * database refuses, the outcome waits for the sweep and the job stays locked until then; the
 * reason is returned so people are told.
 */
function settle(deps: ActDeps, intent: ActionIntent, result: ExecutionOutcome, detail: string): string | null {
  const resolution = {
    audit: entry(deps, intent.actorId, intent, result, `${intent.note}${detail}`),
    approval: intent.approvalId ? { status: result, detail } : undefined,
  };
  try {
    deps.intents.resolve(intent.id, resolution);
    return null;
  } catch (error) {
    deps.unrecorded.intent(intent.id, resolution);
    return reasonOf(error);
  }
}

/** Runs the claimed action against graphd and records what happened, whatever happened. */
async function carryOut(deps: ActDeps, intent: ActionIntent): Promise<Carried> {
  let result: ActionResult;
  try {
    result = await performAction(deps.gateway, intent, deps.now, {
      beforeSend: (before) => {
        try {
          deps.intents.markSent(intent.id, before.status, deps.now());
        } catch (error) {
          throw cannotWrite(error);
        }
      },
    });
  } catch (error) {
    // performAction throws only while nothing has been sent.
    settle(deps, intent, 'failed', isJobsError(error) ? error.message : `unexpected: ${reasonOf(error)}`);
    throw error;
  }
  const detail = result.result === 'executed' ? `now ${result.after?.status ?? 'unknown'}` : result.reason;
  return { result, unrecorded: settle(deps, intent, result.result, detail) };
}

/**
 * Someone clicked Stop/Recover or typed the command. Authority comes from their Slack user id
 * only; the job's state is re-read from graphd before anything is asked or sent, and one
 * action per job runs at a time.
 */
export async function requestJobAction(deps: ActDeps, request: ActionRequest): Promise<ActOutcome> {
  const target: Target = { cluster: request.cluster, space: request.space, jobId: request.jobId, action: request.action };
  const role = await roleIn(deps.policy, deps.groups, request.userId, target);
  const decision = decideAction(deps.policy, role, request.action, target);
  if (decision.kind === 'deny') {
    record(deps, entry(deps, request.userId, target, 'denied', `role ${role}`));
    return { kind: 'denied', reason: decision.reason };
  }
  if (decision.kind === 'execute') {
    const claim = claimJob(deps, {
      ...target,
      actorId: request.userId,
      approvalId: null,
      note: '',
      requesterResponseUrl: request.responseUrl,
      requesterContext: request.context,
      startedAt: deps.now(),
    });
    if (claim.kind === 'busy') {
      record(deps, busyEntry(deps, request.userId, claim.heldBy));
      return { kind: 'busy', heldBy: claim.heldBy };
    }
    if (claim.kind !== 'claimed') throw new Error('a claim without an approval is always decided');
    return { kind: 'done', actorId: request.userId, ...(await carryOut(deps, claim.intent)) };
  }
  // Do not ask an admin to approve what graphd would refuse anyway.
  const job = (await deps.gateway.showJob(target, request.jobId)).job;
  const spaceJobs = request.action === 'recover' ? await deps.gateway.listJobs(target) : [];
  const verdict = verdictFor(request.action, job, spaceJobs, deps.now(), deps.gateway.serverFacts(target.cluster).jobExpiryMs);
  if (!verdict.allowed) {
    record(deps, entry(deps, request.userId, target, 'refused', verdict.reason));
    return { kind: 'done', result: { result: 'refused', reason: verdict.reason, before: job }, actorId: request.userId, unrecorded: null };
  }
  const now = deps.now();
  const approval = deps.approvals.create({
    action: request.action,
    cluster: request.cluster,
    space: request.space,
    jobId: request.jobId,
    requesterId: request.userId,
    requestedIn: request.channelId,
    requesterResponseUrl: request.responseUrl,
    requesterContext: request.context,
    createdAt: now,
    expiresAt: new Date(now.getTime() + deps.policy.approvals.expiresMinutes * 60_000),
  });
  record(deps, entry(deps, request.userId, target, 'requested', `approval ${approval.id}, job was ${job.status}`));
  return { kind: 'approval-requested', approval, job };
}

/** An Approve or Reject click. The first valid decision wins; the action runs at most once. */
export async function decideApproval(deps: ActDeps, input: { approvalId: string; deciderId: string; decision: 'approve' | 'reject' }): Promise<DecisionOutcome> {
  const found = deps.approvals.get(input.approvalId);
  if (!found) throw new JobsError('invalid-input', 'This approval request no longer exists.');
  const target: Target = { cluster: found.cluster, space: found.space, jobId: found.jobId, action: found.action };
  const role = await roleIn(deps.policy, deps.groups, input.deciderId, target);
  const allowed = canDecide(role, input.deciderId, found.requesterId);
  if (!allowed.ok) {
    record(deps, entry(deps, input.deciderId, target, 'denied', `tried to ${input.decision} approval ${found.id}`));
    return { kind: 'not-allowed', reason: allowed.reason };
  }
  const current = (): Approval => deps.approvals.get(found.id) ?? found;
  const lost = (): DecisionOutcome => {
    const latest = current();
    return latest.status === 'expired' ? { kind: 'expired', approval: latest } : { kind: 'already-decided', approval: latest };
  };
  if (found.status === 'pending' && deps.now() >= found.expiresAt && deps.approvals.expire(found.id, deps.now())) {
    record(deps, entry(deps, input.deciderId, target, 'expired', expiredBeforeDecision(found)));
    return { kind: 'expired', approval: current() };
  }
  if (input.decision === 'reject') {
    if (!deps.approvals.decide(found.id, 'rejected', input.deciderId, deps.now())) return lost();
    record(deps, entry(deps, input.deciderId, target, 'rejected', `approval ${found.id} requested by ${found.requesterId}`));
    return { kind: 'rejected', approval: current() };
  }
  // Requests live for days: the requester must still have the right to act now, not only when they asked.
  const requesterRole = await roleIn(deps.policy, deps.groups, found.requesterId, target);
  if (decideAction(deps.policy, requesterRole, found.action, target).kind === 'deny') {
    if (!deps.approvals.decide(found.id, 'denied', input.deciderId, deps.now())) return lost();
    const detail = `approval ${found.id} approved by ${input.deciderId}, but ${found.requesterId} is no longer an operator of ${spaceLabel(found)} (now ${requesterRole}); nothing was sent`;
    deps.approvals.finish(found.id, 'denied', detail);
    record(deps, entry(deps, found.requesterId, target, 'denied', detail));
    return { kind: 'requester-not-allowed', approval: current(), role: requesterRole };
  }
  const now = deps.now();
  const claim = claimJob(
    deps,
    { ...target, actorId: found.requesterId, approvalId: found.id, note: `approved by ${input.deciderId}: `, startedAt: now },
    { deciderId: input.deciderId, at: now, audit: entry(deps, input.deciderId, target, 'approved', `approval ${found.id} requested by ${found.requesterId}`) },
  );
  if (claim.kind === 'not-pending') return lost();
  if (claim.kind === 'busy') {
    record(deps, busyEntry(deps, input.deciderId, claim.heldBy, `tried to approve ${found.id}: `));
    return { kind: 'busy', approval: current(), heldBy: claim.heldBy };
  }
  const carried = await carryOut(deps, claim.intent);
  return { kind: 'approved', approval: current(), ...carried };
}
