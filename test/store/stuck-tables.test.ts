import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { LeaseTerm } from '../../src/alerts/lease';
import { HISTORY_RUNS, type RunRecord } from '../../src/jobs/stuck-rule';
import { listMigrations, openDatabase, type SqliteDatabase } from '../../src/store/database';
import { LeaseRepository } from '../../src/store/lease-repository';
import { PollerRepository } from '../../src/store/poller-repository';
import { RunHistoryRepository } from '../../src/store/run-history-repository';
import { SubscriptionRepository } from '../../src/store/subscription-repository';

const NBA = { cluster: 'default', space: 'nba' };

describe("the stuck rule's tables (migration 009)", () => {
  let dir: string;
  let db: SqliteDatabase | null = null;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'nebula-jobs-stuck-'))));
  afterEach(() => {
    db?.close();
    db = null;
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives stuck alerts to subscriptions that had every alert (the old default), and leaves narrower ones as they were', () => {
    const path = join(dir, 'bot.db');
    // A database as version 8 left it.
    const old = new Database(path);
    old.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
    for (const migration of listMigrations().filter((m) => m.version <= 8)) {
      old.exec(migration.sql);
      old.prepare('INSERT INTO schema_migrations VALUES (?, ?, 0)').run(migration.version, migration.name);
    }
    const insert = old.prepare("INSERT INTO subscriptions (channel_id, cluster, space, statuses, created_by, created_at) VALUES (?, 'default', 'nba', ?, 'U1', 0)");
    insert.run('CALL', 'FAILED,STOPPED');
    insert.run('CFAIL', 'FAILED');
    insert.run('CSTOP', 'STOPPED');
    old.close();
    db = openDatabase(path);
    const statuses = (channel: string): string[] => new SubscriptionRepository(db as SqliteDatabase).inChannel(channel)[0].statuses;
    expect(statuses('CALL')).toEqual(['FAILED', 'STOPPED', 'STUCK']);
    expect(statuses('CFAIL')).toEqual(['FAILED']);
    expect(statuses('CSTOP')).toEqual(['STOPPED']);
  });

  it(`keeps the newest ${HISTORY_RUNS} runs of each kind of each space, and forgets a space with its state`, () => {
    db = openDatabase(join(dir, 'bot.db'));
    const runs = new RunHistoryRepository(db);
    const run = (jobId: number, command: string, startedAt: number): RunRecord => ({ jobId, command, startedAt, durationMs: 1000 + jobId });
    db.transaction(() => {
      runs.record(
        NBA,
        Array.from({ length: 30 }, (_, i) => run(i + 1, 'COMPACT', i)),
      );
      runs.record(NBA, [run(100, 'STATS', 5)]);
      runs.record({ cluster: 'prod', space: 'nba' }, [run(200, 'COMPACT', 1)]);
    })();
    const history = runs.runsOf(NBA);
    expect(history.get('COMPACT')?.map((r) => r.jobId)).toEqual(Array.from({ length: HISTORY_RUNS }, (_, i) => 30 - i));
    expect(history.get('STATS')).toEqual([{ jobId: 100, command: 'STATS', startedAt: 5, durationMs: 1100 }]);
    expect(runs.runsOf({ cluster: 'prod', space: 'nba' }).get('COMPACT')).toHaveLength(1);

    const leases = new LeaseRepository(db);
    const claim = leases.claim('poller', 'me', new Date(Date.now() + 60_000), new Date());
    const fence: LeaseTerm = { holder: 'me', term: claim.held ? claim.term : 0 };
    const poller = new PollerRepository(db);
    poller.commitSpace(
      NBA,
      { baseline: true, upserts: [], removed: [], outbox: [], watch: { upserts: [{ id: 7, watch: { queuedSince: 1, alertedRun: null, alertedQueue: null } }], removed: [] } },
      new Date(),
      fence,
    );
    expect(poller.watchOf(NBA).get(7)).toEqual({ queuedSince: 1, alertedRun: null, alertedQueue: null });
    poller.forget(NBA, fence);
    expect(poller.watchOf(NBA).size).toBe(0);
    expect(poller.runsOf(NBA).size).toBe(0);
    expect(runs.runsOf({ cluster: 'prod', space: 'nba' }).size).toBe(1);
  });
});
