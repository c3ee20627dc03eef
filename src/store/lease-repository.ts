import { SqliteDatabase } from './database';

/** A named lease in SQLite: one holder at a time, until it lapses. */
export class LeaseRepository {
  constructor(private readonly db: SqliteDatabase) {}

  /**
   * Takes or renews the lease when it is free, ours, lapsed, or its holder is known dead.
   * Runs in one IMMEDIATE transaction, so two processes cannot both win.
   */
  acquire(name: string, holder: string, expiresAt: Date, now: Date, holderIsDead: (holder: string) => boolean): boolean {
    const take = this.db.transaction((): boolean => {
      const row = this.db.prepare('SELECT holder, expires_at FROM leases WHERE name = ?').get(name) as { holder: string; expires_at: number } | undefined;
      if (row && row.holder !== holder && row.expires_at > now.getTime() && !holderIsDead(row.holder)) return false;
      this.db.prepare('INSERT OR REPLACE INTO leases (name, holder, expires_at) VALUES (?, ?, ?)').run(name, holder, expiresAt.getTime());
      return true;
    });
    return take.immediate();
  }

  release(name: string, holder: string): void {
    this.db.prepare('DELETE FROM leases WHERE name = ? AND holder = ?').run(name, holder);
  }

  holder(name: string): { holder: string; expiresAt: Date } | null {
    const row = this.db.prepare('SELECT holder, expires_at FROM leases WHERE name = ?').get(name) as { holder: string; expires_at: number } | undefined;
    return row ? { holder: row.holder, expiresAt: new Date(row.expires_at) } : null;
  }
}
