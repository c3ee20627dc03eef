import type { Statement } from 'better-sqlite3';
import type { ListRefresh, ListRefreshStore, MessageRef, NewListRefresh, RefreshedList } from '../alerts/follows';
import type { SqliteDatabase } from './database';

interface Row {
  id: number;
  user_id: string;
  list: string;
  every_ms: number;
  message_channel: string;
  message_ts: string;
  surface: 'message' | 'response-url';
  response_url: string | null;
  uses_left: number;
  drawn: string | null;
  started_at: number;
  until_at: number;
}

function toRefresh(row: Row): ListRefresh {
  return {
    id: row.id,
    userId: row.user_id,
    list: JSON.parse(row.list) as RefreshedList,
    everyMs: row.every_ms,
    message: { channel: row.message_channel, ts: row.message_ts },
    surface: row.surface,
    responseUrl: row.response_url,
    usesLeft: row.uses_left,
    drawn: row.drawn,
    startedAt: new Date(row.started_at),
    until: new Date(row.until_at),
  };
}

/** Only what a list is: other fields a caller's object may carry are not stored. */
function listJson(list: RefreshedList): string {
  const { cluster, space, query, page, share } = list;
  return JSON.stringify({ cluster, space, query, page, share });
}

/** Lists that refresh themselves for a while; one per message. */
export class ListRefreshRepository implements ListRefreshStore {
  /** Read on every click on a list (is it refreshing itself?): prepared once. */
  private readonly selectAt: Statement<[string, string], Row>;

  constructor(private readonly db: SqliteDatabase) {
    this.selectAt = db.prepare<[string, string], Row>('SELECT * FROM list_refreshes WHERE message_channel = ? AND message_ts = ?');
  }

  start(refresh: NewListRefresh): ListRefresh {
    const id = this.db
      .prepare(
        `INSERT OR REPLACE INTO list_refreshes (user_id, list, every_ms, message_channel, message_ts, surface, response_url, uses_left, drawn, started_at, until_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        refresh.userId,
        listJson(refresh.list),
        refresh.everyMs,
        refresh.message.channel,
        refresh.message.ts,
        refresh.surface,
        refresh.responseUrl,
        refresh.usesLeft,
        refresh.drawn,
        refresh.startedAt.getTime(),
        refresh.until.getTime(),
      ).lastInsertRowid;
    return { ...refresh, id: Number(id) };
  }

  at(message: MessageRef): ListRefresh | null {
    const row = this.selectAt.get(message.channel, message.ts);
    return row ? toRefresh(row) : null;
  }

  update(id: number, change: Partial<Pick<ListRefresh, 'list' | 'surface' | 'responseUrl' | 'usesLeft' | 'drawn' | 'until'>>): void {
    const sets: string[] = [];
    const values: unknown[] = [];
    const set = (column: string, value: unknown): void => {
      sets.push(`${column} = ?`);
      values.push(value);
    };
    if (change.list !== undefined) set('list', listJson(change.list));
    if (change.surface !== undefined) set('surface', change.surface);
    if (change.responseUrl !== undefined) set('response_url', change.responseUrl);
    if (change.usesLeft !== undefined) set('uses_left', change.usesLeft);
    if (change.drawn !== undefined) set('drawn', change.drawn);
    if (change.until !== undefined) set('until_at', change.until.getTime());
    if (sets.length === 0) return;
    this.db.prepare(`UPDATE list_refreshes SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
  }

  remove(id: number): boolean {
    return this.db.prepare('DELETE FROM list_refreshes WHERE id = ?').run(id).changes === 1;
  }

  all(): ListRefresh[] {
    return (this.db.prepare('SELECT * FROM list_refreshes ORDER BY id').all() as Row[]).map(toRefresh);
  }

  count(): number {
    return this.db.prepare('SELECT COUNT(*) FROM list_refreshes').pluck().get() as number;
  }
}
