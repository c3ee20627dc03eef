import { JobsError } from '../jobs/jobs-error';
import type { JobAction } from '../jobs/rules';
import { type SpaceRef, spaceLabel } from '../spaces/space-ref';
import type { Freshness, GroupDirectory } from './group-directory';
import { isUserGroup, type Policy, type Role, rank, ruleCovers } from './policy';

/**
 * A user's role in a space: the highest role of the rules naming them (directly or through a
 * user group) and the space (or "*"), else the policy's default. A group whose members Slack
 * cannot tell right now grants nothing. Decisions (the default) ask Slack for current group
 * membership; reads may pass `cached`.
 */
export async function roleIn(policy: Policy, groups: GroupDirectory, userId: string, ref: SpaceRef, freshness: Freshness = 'fresh'): Promise<Role> {
  let best: Role = policy.defaultRole;
  const candidates = policy.rules.filter((rule) => rule.spaces.some((pattern) => ruleCovers(pattern, ref))).sort((a, b) => rank(b.role) - rank(a.role));
  for (const rule of candidates) {
    if (rank(rule.role) <= rank(best)) break;
    if (await names(rule.subjects, groups, userId, freshness)) best = rule.role;
  }
  return best;
}

async function names(subjects: string[], groups: GroupDirectory, userId: string, freshness: Freshness): Promise<boolean> {
  if (subjects.includes(userId)) return true;
  for (const subject of subjects.filter(isUserGroup)) {
    if ((await groups.isMember(subject, userId, freshness)) === true) return true;
  }
  return false;
}

/** Whether a role may see a space's jobs at all. */
export function mayView(role: Role): boolean {
  return rank(role) >= rank('viewer');
}

export type ActionDecision = { kind: 'execute' } | { kind: 'request-approval' } | { kind: 'deny'; reason: string };

/** What happens when someone with `role` asks to stop or recover a job. */
export function decideAction(policy: Policy, role: Role, action: JobAction, ref: SpaceRef): ActionDecision {
  if (rank(role) < rank('operator')) {
    const grant = policy.configured
      ? 'Ask an admin of the bot to give you the operator role for it in the access policy.'
      : 'No access policy is configured (ACCESS_FILE), so nobody can act from Slack.';
    return { kind: 'deny', reason: `You need the operator role in \`${spaceLabel(ref)}\` to ${action} jobs. ${grant}` };
  }
  const required = policy.approvals[action] === 'required';
  if (required && !(role === 'admin' && policy.approvals.adminsBypass)) return { kind: 'request-approval' };
  return { kind: 'execute' };
}

/** Whether `deciderRole` lets someone approve or reject another person's request. */
export function canDecide(deciderRole: Role, deciderId: string, requesterId: string): { ok: true } | { ok: false; reason: string } {
  if (deciderId === requesterId) return { ok: false, reason: 'You cannot approve or reject your own request; another admin must decide.' };
  if (deciderRole !== 'admin') return { ok: false, reason: 'Only an admin of this space can approve or reject requests.' };
  return { ok: true };
}

/** Throws a plain-words refusal unless the user has at least `needed` in the space. */
export async function requireRole(policy: Policy, groups: GroupDirectory, userId: string, ref: SpaceRef, needed: Role, what: string): Promise<void> {
  const refusal = roleRefusal(await roleIn(policy, groups, userId, ref), ref, needed, what);
  if (refusal) throw refusal;
}

/** The plain-words refusal for `role` in the space when it is below `needed`; null when it is enough. */
export function roleRefusal(role: Role, ref: SpaceRef, needed: Role, what: string): JobsError | null {
  if (rank(role) >= rank(needed)) return null;
  const yours = role === 'none' ? 'you have no role there' : `you are a${role === 'operator' || role === 'admin' ? 'n' : ''} ${role} there`;
  return new JobsError('not-allowed', `Only ${needed}s of \`${spaceLabel(ref)}\` can ${what}; ${yours}.`);
}
