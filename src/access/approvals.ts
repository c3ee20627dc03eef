import type { ExecutionOutcome } from '../jobs/perform-action';
import type { JobAction } from '../jobs/rules';

/**
 * A request for a second person's approval. pending → approved → executed | refused |
 * refused-by-server | failed | outcome-unknown; pending → rejected; pending → expired;
 * pending → denied (approved, but the requester no longer had the right to act).
 * Only the first decision counts: the store makes the pending → decided step atomic.
 */
export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'expired' | 'denied' | ExecutionOutcome;

export type ApprovalDecision = 'approved' | 'rejected' | 'denied';

export interface Approval {
  id: string;
  action: JobAction;
  cluster: string;
  space: string;
  jobId: number;
  requesterId: string;
  /** Channel the request was made in. */
  requestedIn: string;
  /** The requester's interaction response_url, to tell them the outcome (valid 30 minutes). */
  requesterResponseUrl: string | null;
  /** Opaque to the domain: how the Slack layer redraws the message the requester clicked. */
  requesterContext: string | null;
  status: ApprovalStatus;
  createdAt: Date;
  expiresAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  detail: string | null;
  /** The approval request message, once posted. */
  message: { channel: string; ts: string } | null;
}

export type NewApproval = Pick<
  Approval,
  'action' | 'cluster' | 'space' | 'jobId' | 'requesterId' | 'requestedIn' | 'requesterResponseUrl' | 'requesterContext' | 'createdAt' | 'expiresAt'
>;

export interface ApprovalStore {
  create(approval: NewApproval): Approval;
  get(id: string): Approval | null;
  attachMessage(id: string, message: { channel: string; ts: string }): void;
  /** pending and unexpired → decided, atomically. False when someone decided first or it expired. */
  decide(id: string, decision: ApprovalDecision, deciderId: string, at: Date): boolean;
  /** pending and past its expiry → expired, atomically. */
  expire(id: string, at: Date): boolean;
  finish(id: string, status: ApprovalStatus, detail: string): void;
  /** Pending requests whose time is up, for the sweep that marks their messages. */
  overdue(at: Date): Approval[];
}

export function isDecided(approval: Approval): boolean {
  return approval.status !== 'pending';
}
