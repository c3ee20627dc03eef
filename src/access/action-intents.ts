import type { JobAction } from '../jobs/rules';
import type { ApprovalStatus } from './approvals';
import type { AuditEntry } from './audit';

/**
 * A stop or recover the bot has set out to carry out. It is written before anything is sent to
 * graphd and resolved, together with its audit entry, once the outcome is known. While it is
 * unresolved it is the job's lock: no other stop or recover of that job starts, in this process
 * or another on the same database. One left behind by a process that died is resolved by the
 * next one from what graphd shows (interrupted-actions.ts).
 */
export interface ActionIntent {
  id: number;
  cluster: string;
  space: string;
  jobId: number;
  action: JobAction;
  /** On whose behalf: the clicker, or the requester of an approved request. */
  actorId: string;
  /** The approval request it carries out, if any. */
  approvalId: string | null;
  /** Starts the audit detail, e.g. "approved by U123: ". */
  note: string;
  /** The clicker's response_url and message, to tell them the outcome if the process dies (an approval keeps its own). */
  requesterResponseUrl: string | null;
  /** Opaque to the domain: how the Slack layer redraws the message clicked. */
  requesterContext: string | null;
  /** The process that holds it (host:pid:instance). */
  holder: string;
  startedAt: Date;
  /** Set just before the statement leaves; null means nothing reached graphd. */
  sentAt: Date | null;
  /** The job's status when the statement was sent. */
  statusBefore: string | null;
}

export type NewIntent = Pick<ActionIntent, 'cluster' | 'space' | 'jobId' | 'action' | 'actorId' | 'approvalId' | 'note' | 'startedAt'> &
  Partial<Pick<ActionIntent, 'requesterResponseUrl' | 'requesterContext'>>;

export type Claim =
  | { kind: 'claimed'; intent: ActionIntent }
  /** Another stop or recover of the job is under way (or not yet recorded). */
  | { kind: 'busy'; heldBy: ActionIntent }
  /** Only when claiming for an approval: someone decided first, or it expired. */
  | { kind: 'not-pending' };

/** How an intent ends: its audit entry and the outcome of the approval it carried out. */
export interface Resolution {
  audit: AuditEntry;
  approval?: { status: ApprovalStatus; detail: string };
}

export interface IntentStore {
  /**
   * Claims the job for one action, atomically across processes. With `approval`, the request's
   * pending → approved step and that decision's audit entry belong to the claim: all or none.
   */
  claim(intent: NewIntent, approval?: { deciderId: string; at: Date; audit: AuditEntry }): Claim;
  /** Written just before the statement leaves; when it throws, nothing is sent. */
  markSent(id: number, statusBefore: string, at: Date): void;
  /**
   * Writes the audit entry, finishes the approval and releases the job in one transaction.
   * False when the intent was already resolved (by another process that found it abandoned).
   */
  resolve(id: number, resolution: Resolution): boolean;
  /** Unresolved intents, oldest first. */
  unresolved(): ActionIntent[];
}
