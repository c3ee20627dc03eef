import type { Subscriber } from '../alerts/poller-store';
import type { Subscription, SubscriptionStore } from '../alerts/subscriptions';
import type { SpaceRef } from '../spaces/space-ref';
import type { SqliteDatabase } from './database';

interface Row {
  channel_id: string;
  cluster: string;
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
    cluster: row.cluster,
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

  subscribe(channelId: string, ref: SpaceRef, statuses: string[], userId: string, at: Date): void {
    this.db
      .prepare(
        `INSERT INTO subscriptions (channel_id, cluster, space, statuses, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (channel_id, cluster, space) DO UPDATE SET statuses = excluded.statuses`,
      )
      .run(channelId, ref.cluster, ref.space, statuses.join(','), userId, at.getTime());
  }

  unsubscribe(channelId: string, ref: SpaceRef): boolean {
    return this.db.transaction(() => {
      const removed = this.db.prepare('DELETE FROM subscriptions WHERE channel_id = ? AND cluster = ? AND space = ?').run(channelId, ref.cluster, ref.space).changes === 1;
      this.db.prepare('DELETE FROM alert_threads WHERE channel_id = ? AND cluster = ? AND space = ?').run(channelId, ref.cluster, ref.space);
      return removed;
    })();
  }

  inChannel(channelId: string): Subscription[] {
    return (this.db.prepare('SELECT * FROM subscriptions WHERE channel_id = ? ORDER BY cluster, space').all(channelId) as Row[]).map(toSubscription);
  }

  mute(channelId: string, ref: SpaceRef, until: Date | null, userId: string | null): boolean {
    return (
      this.db
        .prepare('UPDATE subscriptions SET muted_until = ?, muted_by = ? WHERE channel_id = ? AND cluster = ? AND space = ?')
        .run(until?.getTime() ?? null, userId, channelId, ref.cluster, ref.space).changes === 1
    );
  }

  spaces(): SpaceRef[] {
    return this.db.prepare('SELECT DISTINCT cluster, space FROM subscriptions ORDER BY cluster, space').all() as SpaceRef[];
  }

  subscribersOf(ref: SpaceRef, now: Date): Subscriber[] {
    const rows = this.db
      .prepare('SELECT channel_id, statuses FROM subscriptions WHERE cluster = ? AND space = ? AND (muted_until IS NULL OR muted_until <= ?) ORDER BY channel_id')
      .all(ref.cluster, ref.space, now.getTime()) as Array<{ channel_id: string; statuses: string }>;
    return rows.map((row) => ({ channelId: row.channel_id, statuses: row.statuses.split(',') }));
  }

  /** Channels with an unmuted subscription to a space of the cluster. */
  unmutedChannels(cluster: string, now: Date): string[] {
    return this.db
      .prepare('SELECT DISTINCT channel_id FROM subscriptions WHERE cluster = ? AND (muted_until IS NULL OR muted_until <= ?) ORDER BY channel_id')
      .pluck()
      .all(cluster, now.getTime()) as string[];
  }
}
