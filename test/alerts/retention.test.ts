import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LeaseTerm } from '../../src/alerts/lease';
import type { JobAlert } from '../../src/alerts/notices';
import { RETENTION_INTERVAL_MS, Retention } from '../../src/alerts/retention';
import { createLogger } from '../../src/logging/logger';
import { ApprovalRepository } from '../../src/store/approval-repository';
import { AuditRepository } from '../../src/store/audit-repository';
import { openDatabase, type SqliteDatabase } from '../../src/store/database';
import { LeaseRepository } from '../../src/store/lease-repository';
import { OutboxRepository } from '../../src/store/outbox-repository';
import { PollerRepository } from '../../src/store/poller-repository';
import { RetentionRepository } from '../../src/store/retention-repository';

const DAY = 24 * 3_600_000;
const T0 = new Date('2026-01-01T00:00:00Z').getTime();

function alert(jobId: number): JobAlert {
  return {
    cluster: 'default',
    space: 'nba',
    job: { id: jobId, command: 'STATS', status: 'FAILED', startTime: T0, stopTime: T0 },
    previousStatus: 'RUNNING',
    errorCode: null,
    failedTasks: [],
    moreFailedTasks: 0,
    stoppedBy: null,
    actions: [],
    detectedAt: T0,
  };
}

describe('Retention over a real SQLite file', () => {
  let dir: string;
  let db: SqliteDatabase;
  let clock: number;
  let logs: string[];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nebula-jobs-retention-'));
    db = openDatabase(join(dir, 'bot.db'));
    clock = T0;
    logs = [];
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const retention = (auditRetentionDays: number): Retention =>
    new Retention({
      store: new RetentionRepository(db),
      now: () => new Date(clock),
      logger: createLogger({ level: 'debug', write: (line) => logs.push(line) }),
      auditRetentionDays,
    });
  const count = (sql: string): number => db.prepare(sql).pluck().get() as number;

  /** One sent, one dropped and one pending message in C1, the sent one an alert of job 1. */
  function seedOutbox(): void {
    const outbox = new OutboxRepository(db);
    outbox.enqueue(
      [1, 2, 3].map((id) => ({ channelId: 'C1', notice: { kind: 'alert' as const, alert: alert(id) } })),
      new Date(T0),
    );
    const [sent, dropped] = db.prepare('SELECT id FROM outbox ORDER BY id').pluck().all() as number[];
    outbox.markSent(sent, { ts: '1.1', at: new Date(T0), threads: [{ cluster: 'default', space: 'nba', jobId: 1, alert: alert(1) }] });
    outbox.markDropped(dropped, 'channel_not_found', new Date(T0));
  }

  it('prunes sent and dropped messages after 7 days, never a pending one', () => {
    seedOutbox();
    clock = T0 + 6 * DAY;
    expect(retention(365).run()).toMatchObject({ outbox: 0 });
    clock = T0 + 8 * DAY;
    expect(retention(365).run()).toMatchObject({ outbox: 2 });
    clock = T0 + 800 * DAY;
    retention(365).run();
    expect(db.prepare('SELECT state FROM outbox').pluck().all()).toEqual(['pending']);
  });

  it('prunes an alert thread a month after it last changed, once its job is no longer tracked', () => {
    seedOutbox();
    const poller = new PollerRepository(db);
    const fence = new LeaseRepository(db).claim('poller', 'test-holder', new Date(T0 + 1000 * DAY), new Date(T0)) as LeaseTerm;
    poller.commitSpace(
      { cluster: 'default', space: 'nba' },
      { baseline: true, upserts: [{ id: 1, command: 'STATS', status: 'FAILED', startTime: T0, stopTime: T0 }], removed: [], outbox: [] },
      new Date(T0),
      fence,
    );
    clock = T0 + 40 * DAY;
    expect(retention(365).run()).toMatchObject({ alertThreads: 0 }); // still listed by graphd
    poller.commitSpace({ cluster: 'default', space: 'nba' }, { baseline: false, upserts: [], removed: [1], outbox: [] }, new Date(clock), fence);
    expect(retention(365).run()).toMatchObject({ alertThreads: 1 });
    expect(count('SELECT COUNT(*) FROM alert_threads')).toBe(0);
  });

  it('keeps a thread replied in lately, even when its job is gone', () => {
    seedOutbox();
    const outbox = new OutboxRepository(db);
    outbox.enqueue(
      [{ channelId: 'C1', notice: { kind: 'follow-up', followUp: { cluster: 'default', space: 'nba', jobId: 1, from: 'FAILED', to: 'QUEUE', at: T0, actorId: null } } }],
      new Date(T0),
    );
    const reply = db.prepare(`SELECT MAX(id) FROM outbox`).pluck().get() as number;
    outbox.markSent(reply, { ts: '1.2', at: new Date(T0 + 20 * DAY), threads: [], repliedIn: { cluster: 'default', space: 'nba', jobId: 1, close: false } });
    clock = T0 + 40 * DAY;
    expect(retention(365).run()).toMatchObject({ alertThreads: 0 });
    clock = T0 + 51 * DAY;
    expect(retention(365).run()).toMatchObject({ alertThreads: 1 });
  });

  it('prunes audit entries and decided approvals after AUDIT_RETENTION_DAYS, pending approvals never, and nothing with 0', () => {
    const audit = new AuditRepository(db);
    const approvals = new ApprovalRepository(db);
    audit.record({ at: new Date(T0), userId: 'U1', cluster: 'default', space: 'nba', jobId: 1, action: 'stop', result: 'executed', detail: '' });
    audit.record({ at: new Date(T0 + 50 * DAY), userId: 'U1', cluster: 'default', space: 'nba', jobId: 2, action: 'stop', result: 'executed', detail: '' });
    const request = (jobId: number) =>
      approvals.create({
        action: 'stop',
        cluster: 'default',
        space: 'nba',
        jobId,
        requesterId: 'U1',
        requestedIn: 'C1',
        requesterResponseUrl: null,
        requesterContext: null,
        createdAt: new Date(T0),
        expiresAt: new Date(T0 + 3_600_000),
      });
    const decided = request(1);
    expect(approvals.decide(decided.id, 'approved', 'U2', new Date(T0 + 60_000))).toBe(true);
    const expired = request(2);
    expect(approvals.expire(expired.id, new Date(T0 + 2 * 3_600_000))).toBe(true);
    const pending = request(3);

    clock = T0 + 100 * DAY;
    expect(retention(0).run()).toMatchObject({ audit: 0, approvals: 0 });
    expect(retention(90).run()).toMatchObject({ audit: 1, approvals: 2 });
    expect(count('SELECT COUNT(*) FROM audit_log')).toBe(1);
    expect(db.prepare('SELECT id FROM approvals').pluck().all()).toEqual([pending.id]);
    expect(logs.filter((line) => line.includes('"retention.pruned"'))).toHaveLength(1);
  });

  it('runs at most hourly, and again at once when the clock stepped back past the last run', () => {
    const hourly = retention(365);
    expect(hourly.runIfDue()).not.toBeNull();
    clock += RETENTION_INTERVAL_MS - 1;
    expect(hourly.runIfDue()).toBeNull();
    clock += 1;
    expect(hourly.runIfDue()).not.toBeNull();
    clock -= 2 * RETENTION_INTERVAL_MS;
    expect(hourly.runIfDue()).not.toBeNull();
  });

  it('deletes in batches, so a first prune of a large audit trail completes', () => {
    const insert = db.prepare(`INSERT INTO audit_log (at, user_id, space, job_id, action, result, detail) VALUES (?, 'U1', 'nba', 1, 'stop', 'executed', '')`);
    db.transaction(() => {
      for (let i = 0; i < 2_500; i += 1) insert.run(T0 + i);
    })();
    clock = T0 + 400 * DAY;
    expect(retention(365).run()).toMatchObject({ audit: 2_500 });
    expect(count('SELECT COUNT(*) FROM audit_log')).toBe(0);
  });
});
