import { ChannelDefault, ChannelDefaultStore } from '../spaces/channel-defaults';
import { SqliteDatabase } from './database';

export class ChannelDefaultsRepository implements ChannelDefaultStore {
  constructor(private readonly db: SqliteDatabase) {}

  defaultSpace(channelId: string): ChannelDefault | null {
    const row = this.db
      .prepare('SELECT default_space, updated_by, updated_at FROM channel_settings WHERE channel_id = ?')
      .get(channelId) as { default_space: string; updated_by: string; updated_at: number } | undefined;
    return row ? { space: row.default_space, setBy: row.updated_by, setAt: new Date(row.updated_at) } : null;
  }

  setDefaultSpace(channelId: string, space: string, userId: string, at: Date): void {
    this.db
      .prepare(
        `INSERT INTO channel_settings (channel_id, default_space, updated_by, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (channel_id) DO UPDATE SET default_space = excluded.default_space,
           updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      )
      .run(channelId, space, userId, at.getTime());
  }
}
