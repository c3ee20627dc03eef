import type { ExecutionOutcome } from '../jobs/perform-action';
import type { JobAction } from '../jobs/rules';
import type { SpaceRef } from '../spaces/space-ref';

/** Everything that can happen to an attempt to act on a job, each one kept in the audit trail. */
export type AuditResult = 'denied' | 'requested' | 'approved' | 'rejected' | 'expired' | ExecutionOutcome;

export interface AuditEntry {
  at: Date;
  userId: string;
  cluster: string;
  space: string;
  jobId: number | null;
  action: JobAction | 'subscribe' | 'unsubscribe' | 'mute' | 'unmute' | 'use';
  result: AuditResult;
  detail: string;
}

export interface AuditLog {
  record(entry: AuditEntry): void;
  /** Newest first. */
  latest(filter: { spaces?: SpaceRef[]; since?: Date; limit: number }): AuditEntry[];
  /** Who last carried out the action on the job through the bot, since the given time. */
  lastExecutedBy(ref: SpaceRef, jobId: number, action: JobAction, since: Date): string | null;
}
