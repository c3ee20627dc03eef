import { ChannelDefaultStore } from '../spaces/channel-defaults';
import { ChannelDefault } from '../spaces/resolve-space';
import { SqliteDatabase } from './database';

interface Row {
  default_cluster: string;
  default_space: string | null;
  updated_by: string;
  updated_at: number;
}

export class ChannelDefaultsRepository implements ChannelDefaultStore {
  /** Read on every command that names no space: prepared once. */
  private readonly select;

  constructor(private readonly db: SqliteDatabase) {
    this.select = db.prepare('SELECT default_cluster, default_space, updated_by, updated_at FROM channel_defaults WHERE channel_id = ?');
  }

  channelDefault(channelId: string): ChannelDefault | null {
    const row = this.select.get(channelId) as Row | undefined;
    return row ? { cluster: row.default_cluster, space: row.default_space, setBy: row.updated_by, setAt: new Date(row.updated_at) } : null;
  }

  setChannelDefault(channelId: string, target: { cluster: string; space: string | null }, userId: string, at: Date): void {
    this.db
      .prepare(
        `INSERT INTO channel_defaults (channel_id, default_cluster, default_space, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (channel_id) DO UPDATE SET default_cluster = excluded.default_cluster, default_space = excluded.default_space,
           updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      )
      .run(channelId, target.cluster, target.space, userId, at.getTime());
  }
}
