import type { SpaceRef } from '../spaces/space-ref';

/** Who may do what, where: the shape of the ACCESS_FILE policy (validated in config/policy-file.ts). */

/** Lowest first. `none` sees nothing of a space (only a default, never granted by a rule). */
export const ROLES = ['none', 'viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The roles a rule can grant. */
export const GRANTED_ROLES = ['viewer', 'operator', 'admin'] as const;
export type GrantedRole = (typeof GRANTED_ROLES)[number];

export type ApprovalRequirement = 'required' | 'none';

export interface PolicyRule {
  /** Slack user ids (U…, W…) and user-group ids (S…). */
  subjects: string[];
  /**
   * Which spaces: `nba` (that name in any cluster), `prod/nba`, `prod/*` (every space of a
   * cluster), `*\/nba`, or `*` for every space everywhere.
   */
  spaces: string[];
  role: GrantedRole;
}

export interface ApprovalSettings {
  stop: ApprovalRequirement;
  recover: ApprovalRequirement;
  /** Where approval requests go; the channel of the request when absent. */
  channel?: string;
  expiresMinutes: number;
  /** Admins act without asking anyone only when this is true. */
  adminsBypass: boolean;
}

export interface Policy {
  defaultRole: Role;
  rules: PolicyRule[];
  approvals: ApprovalSettings;
  /** False when no ACCESS_FILE is configured: everyone is a viewer and `help` says how to grant rights. */
  configured: boolean;
}

export const DEFAULT_APPROVALS: ApprovalSettings = { stop: 'none', recover: 'none', expiresMinutes: 30, adminsBypass: false };

export const VIEW_ONLY_POLICY: Policy = { defaultRole: 'viewer', rules: [], approvals: DEFAULT_APPROVALS, configured: false };

/**
 * The policy in force. It changes while the bot runs (ACCESS_FILE is re-read), so holders of
 * it read `current` at each decision instead of keeping a Policy.
 */
export interface PolicyHolder {
  readonly current: Policy;
}

export function fixedPolicy(policy: Policy): PolicyHolder {
  return { current: policy };
}

export function rank(role: Role): number {
  return ROLES.indexOf(role);
}

export function isUserGroup(subject: string): boolean {
  return subject.startsWith('S');
}

/**
 * A rule's space pattern: `*`, a bare space (that space in any cluster, as before clusters
 * existed: cluster `*`), or `cluster/space` where either side may be `*`.
 */
export function splitPattern(pattern: string): { cluster: string; space: string } {
  if (pattern === '*') return { cluster: '*', space: '*' };
  const slash = pattern.indexOf('/');
  return slash === -1 ? { cluster: '*', space: pattern } : { cluster: pattern.slice(0, slash), space: pattern.slice(slash + 1) };
}

/** Whether a rule's space pattern covers the space. */
export function ruleCovers(pattern: string, ref: SpaceRef): boolean {
  const { cluster, space } = splitPattern(pattern);
  return (cluster === '*' || cluster === ref.cluster) && (space === '*' || space === ref.space);
}
