import type { Statement } from 'better-sqlite3';
import type { ChannelDefaultStore } from '../spaces/channel-defaults';
import type { ChannelDefault } from '../spaces/resolve-space';
import type { SqliteDatabase } from './database';

interface Row {
  default_cluster: string;
  default_space: string | null;
  updated_by: string;
  updated_at: number;
}

/** Statements are prepared once: a command without a space reads its channel's default on every request. */
export class ChannelDefaultsRepository implements ChannelDefaultStore {
  private readonly select: Statement<[string], Row>;
  private readonly upsert: Statement<[string, string, string | null, string, number]>;

  constructor(db: SqliteDatabase) {
    this.select = db.prepare<[string], Row>('SELECT default_cluster, default_space, updated_by, updated_at FROM channel_defaults WHERE channel_id = ?');
    this.upsert = db.prepare<[string, string, string | null, string, number]>(
      `INSERT INTO channel_defaults (channel_id, default_cluster, default_space, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (channel_id) DO UPDATE SET default_cluster = excluded.default_cluster, default_space = excluded.default_space,
         updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    );
  }

  channelDefault(channelId: string): ChannelDefault | null {
    const row = this.select.get(channelId);
    return row ? { cluster: row.default_cluster, space: row.default_space, setBy: row.updated_by, setAt: new Date(row.updated_at) } : null;
  }

  setChannelDefault(channelId: string, target: { cluster: string; space: string | null }, userId: string, at: Date): void {
    this.upsert.run(channelId, target.cluster, target.space, userId, at.getTime());
  }
}
