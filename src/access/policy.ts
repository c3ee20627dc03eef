/** Who may do what, where: the shape of the ACCESS_FILE policy (validated in config/policy.ts). */

export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export type ApprovalRequirement = 'required' | 'none';

export interface PolicyRule {
  /** Slack user ids (U…, W…) and user-group ids (S…). */
  subjects: string[];
  /** Space names, or "*" for every space. */
  spaces: string[];
  role: Role;
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

export function rank(role: Role): number {
  return ROLES.indexOf(role);
}

export function isUserGroup(subject: string): boolean {
  return subject.startsWith('S');
}
