import type { Statement } from 'better-sqlite3';
import { ChannelDefault, ChannelDefaultStore } from '../spaces/channel-defaults';
import { SqliteDatabase } from './database';

type Row = { default_space: string; updated_by: string; updated_at: number };

/** Statements are prepared once: a command without a space reads its channel's default on every request. */
export class ChannelDefaultsRepository implements ChannelDefaultStore {
  private readonly select: Statement<[string], Row>;
  private readonly upsert: Statement<[string, string, string, number]>;

  constructor(db: SqliteDatabase) {
    this.select = db.prepare<[string], Row>('SELECT default_space, updated_by, updated_at FROM channel_settings WHERE channel_id = ?');
    this.upsert = db.prepare<[string, string, string, number]>(
      `INSERT INTO channel_settings (channel_id, default_space, updated_by, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (channel_id) DO UPDATE SET default_space = excluded.default_space,
         updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    );
  }

  defaultSpace(channelId: string): ChannelDefault | null {
    const row = this.select.get(channelId);
    return row ? { space: row.default_space, setBy: row.updated_by, setAt: new Date(row.updated_at) } : null;
  }

  setDefaultSpace(channelId: string, space: string, userId: string, at: Date): void {
    this.upsert.run(channelId, space, userId, at.getTime());
  }
}
