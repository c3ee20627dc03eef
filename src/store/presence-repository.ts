import type { PresenceStore } from '../scheduling/process-presence';
import type { SqliteDatabase } from './database';

export class PresenceRepository implements PresenceStore {
  constructor(private readonly db: SqliteDatabase) {}

  beat(holder: string, expiresAt: Date): void {
    this.db
      .prepare('INSERT INTO process_presence (holder, expires_at) VALUES (?, ?) ON CONFLICT (holder) DO UPDATE SET expires_at = excluded.expires_at')
      .run(holder, expiresAt.getTime());
  }

  leave(holder: string): void {
    this.db.prepare('DELETE FROM process_presence WHERE holder = ?').run(holder);
  }

  expiresAt(holder: string): Date | null {
    const at = this.db.prepare('SELECT expires_at FROM process_presence WHERE holder = ?').pluck().get(holder) as number | undefined;
    return at === undefined ? null : new Date(at);
  }

  /** Rows of processes long gone, so the table stays small. */
  prune(before: Date): void {
    this.db.prepare('DELETE FROM process_presence WHERE expires_at < ?').run(before.getTime());
  }
}
