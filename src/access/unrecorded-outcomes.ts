import type { IntentStore, Resolution } from './action-intents';
import type { AuditEntry, AuditLog } from './audit';

type Waiting = { kind: 'intent'; intentId: number; resolution: Resolution } | { kind: 'entry'; entry: AuditEntry };

/**
 * What the database refused to record (a full disk, a read-only file) after it had happened.
 * Kept in memory and written by the next sweep. An unrecorded intent also keeps its job locked
 * until then; if the process dies first, the next one resolves the intent from what graphd
 * shows (interrupted-actions.ts), while a plain entry (a refusal, nothing sent) is lost.
 */
export class UnrecordedOutcomes {
  private readonly waiting: Waiting[] = [];

  intent(intentId: number, resolution: Resolution): void {
    this.waiting.push({ kind: 'intent', intentId, resolution });
  }

  entry(entry: AuditEntry): void {
    this.waiting.push({ kind: 'entry', entry });
  }

  get size(): number {
    return this.waiting.length;
  }

  /** Writes what waits, oldest first, until the database refuses again; returns how many were written. */
  flush(store: { intents: IntentStore; audit: AuditLog }): number {
    let written = 0;
    while (this.waiting.length > 0) {
      const next = this.waiting[0];
      try {
        if (next.kind === 'intent') store.intents.resolve(next.intentId, next.resolution);
        else store.audit.record(next.entry);
      } catch {
        break;
      }
      this.waiting.shift();
      written += 1;
    }
    return written;
  }
}
