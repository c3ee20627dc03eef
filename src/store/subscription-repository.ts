import { Subscriber } from '../alerts/poller-store';
import { Subscription, SubscriptionStore } from '../alerts/subscriptions';
import { SqliteDatabase } from './database';

interface Row {
  channel_id: string;
  space: string;
  statuses: string;
  created_by: string;
  created_at: number;
  muted_until: number | null;
  muted_by: string | null;
}

function toSubscription(row: Row): Subscription {
  return {
    channelId: row.channel_id,
    space: row.space,
    statuses: row.statuses.split(','),
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
    mutedUntil: row.muted_until === null ? null : new Date(row.muted_until),
    mutedBy: row.muted_by,
  };
}

/** Which channels hear about which spaces, and which are muted for now. */
export class SubscriptionRepository implements SubscriptionStore {
  constructor(private readonly db: SqliteDatabase) {}

  subscribe(channelId: string, space: string, statuses: string[], userId: string, at: Date): void {
    this.db
      .prepare(
        `INSERT INTO subscriptions (channel_id, space, statuses, created_by, created_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (channel_id, space) DO UPDATE SET statuses = excluded.statuses`,
      )
      .run(channelId, space, statuses.join(','), userId, at.getTime());
  }

  unsubscribe(channelId: string, space: string): boolean {
    return this.db.transaction(() => {
      const removed = this.db.prepare('DELETE FROM subscriptions WHERE channel_id = ? AND space = ?').run(channelId, space).changes === 1;
      this.db.prepare('DELETE FROM alert_threads WHERE channel_id = ? AND space = ?').run(channelId, space);
      return removed;
    })();
  }

  inChannel(channelId: string): Subscription[] {
    return (this.db.prepare('SELECT * FROM subscriptions WHERE channel_id = ? ORDER BY space').all(channelId) as Row[]).map(toSubscription);
  }

  get(channelId: string, space: string): Subscription | null {
    const row = this.db.prepare('SELECT * FROM subscriptions WHERE channel_id = ? AND space = ?').get(channelId, space) as Row | undefined;
    return row ? toSubscription(row) : null;
  }

  mute(channelId: string, space: string, until: Date | null, userId: string | null): boolean {
    return (
      this.db
        .prepare('UPDATE subscriptions SET muted_until = ?, muted_by = ? WHERE channel_id = ? AND space = ?')
        .run(until?.getTime() ?? null, userId, channelId, space).changes === 1
    );
  }

  spaces(): string[] {
    return this.db.prepare('SELECT DISTINCT space FROM subscriptions ORDER BY space').pluck().all() as string[];
  }

  subscribersOf(space: string, now: Date): Subscriber[] {
    const rows = this.db
      .prepare('SELECT channel_id, statuses FROM subscriptions WHERE space = ? AND (muted_until IS NULL OR muted_until <= ?) ORDER BY channel_id')
      .all(space, now.getTime()) as Array<{ channel_id: string; statuses: string }>;
    return rows.map((row) => ({ channelId: row.channel_id, statuses: row.statuses.split(',') }));
  }

  unmutedChannels(now: Date): string[] {
    return this.db
      .prepare('SELECT DISTINCT channel_id FROM subscriptions WHERE muted_until IS NULL OR muted_until <= ? ORDER BY channel_id')
      .pluck()
      .all(now.getTime()) as string[];
  }
}
