import { type LeaseClaim, LeaseLost, type LeaseStore, type LeaseTerm } from '../alerts/lease';
import type { SqliteDatabase } from './database';

interface LeaseRow {
  holder: string;
  expires_at: number;
  term: number;
}

/**
 * A named lease in SQLite: one holder at a time, until it lapses or is released. A released
 * lease keeps its row with expires_at 0, so its term number never goes back.
 */
export class LeaseRepository implements LeaseStore {
  constructor(private readonly db: SqliteDatabase) {}

  /** Runs in one IMMEDIATE transaction, so two processes cannot both win. */
  claim(name: string, holder: string, expiresAt: Date, now: Date): LeaseClaim {
    const take = this.db.transaction((): LeaseClaim => {
      const row = this.row(name);
      if (row && row.holder !== holder && row.expires_at > now.getTime()) return { held: false, holder: row.holder, expiresAt: new Date(row.expires_at) };
      // Still ours (even lapsed: nobody took it meanwhile, so nobody else wrote): the same term.
      const term = row && row.holder === holder && row.expires_at > 0 ? row.term : (row?.term ?? 0) + 1;
      this.db.prepare('INSERT OR REPLACE INTO leases (name, holder, expires_at, term) VALUES (?, ?, ?, ?)').run(name, holder, expiresAt.getTime(), term);
      return { held: true, holder, term };
    });
    return take.immediate();
  }

  renew(name: string, holder: string, term: number, expiresAt: Date): boolean {
    return (
      this.db.prepare('UPDATE leases SET expires_at = ? WHERE name = ? AND holder = ? AND term = ? AND expires_at > 0').run(expiresAt.getTime(), name, holder, term).changes === 1
    );
  }

  release(name: string, holder: string): void {
    this.db.prepare('UPDATE leases SET expires_at = 0 WHERE name = ? AND holder = ?').run(name, holder);
  }

  /** Whether `fence` is still the lease's current term; call inside the transaction it guards. */
  isCurrent(name: string, fence: LeaseTerm): boolean {
    const row = this.row(name);
    return row !== undefined && row.holder === fence.holder && row.term === fence.term && row.expires_at > 0;
  }

  /**
   * Runs `write` in one IMMEDIATE transaction that first checks `fence` is still the current term
   * of lease `name`: the check and the writes hold the write lock together, so a takeover cannot
   * slip in between. Otherwise throws LeaseLost, having written nothing.
   */
  writeInTerm<T>(name: string, fence: LeaseTerm, write: () => T): T {
    return this.db
      .transaction((): T => {
        if (!this.isCurrent(name, fence)) throw new LeaseLost(fence);
        return write();
      })
      .immediate();
  }

  holder(name: string): { holder: string; expiresAt: Date; term: number } | null {
    const row = this.row(name);
    return row ? { holder: row.holder, expiresAt: new Date(row.expires_at), term: row.term } : null;
  }

  private row(name: string): LeaseRow | undefined {
    return this.db.prepare('SELECT holder, expires_at, term FROM leases WHERE name = ?').get(name) as LeaseRow | undefined;
  }
}
