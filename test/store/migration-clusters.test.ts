import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActionId } from '../../src/slack/interactive/action-ids';
import { ActionIntentRepository } from '../../src/store/action-intent-repository';
import { ApprovalRepository } from '../../src/store/approval-repository';
import { AuditRepository } from '../../src/store/audit-repository';
import { ChannelDefaultsRepository } from '../../src/store/channel-defaults-repository';
import { listMigrations, openDatabase, type SqliteDatabase } from '../../src/store/database';
import { LeaseRepository } from '../../src/store/lease-repository';
import { OutboxRepository } from '../../src/store/outbox-repository';
import { PollerRepository } from '../../src/store/poller-repository';
import { SubscriptionRepository } from '../../src/store/subscription-repository';
import { type Harness, startHarness } from '../support/bot-harness';
import type { PostedMessage } from '../support/slack-fake';

/**
 * Migration 008 (clusters) on a database a single-cluster release wrote: built with migrations
 * 001–007 only, filled in every table, then opened by this release. Nothing is lost, everything
 * is of cluster `default`, and the bot still delivers what was queued, threaded where it was.
 */

const MIGRATIONS = join(__dirname, '..', '..', 'src', 'store', 'migrations');
/** An hour ago, on a whole second (graphd's precision): the old release's last poll. */
const T0 = Math.floor(Date.now() / 1000) * 1000 - 3_600_000;
const OLD_ALERT_TS = '1700000000.000100';

/** An alert as a release before clusters stored it: no `cluster` anywhere. */
function oldAlert(jobId: number, status: string, previous: string | null): Record<string, unknown> {
  return {
    space: 'nba',
    job: { id: jobId, command: 'STATS', status, startTime: T0, stopTime: T0 + 60_000 },
    previousStatus: previous,
    errorCode: status === 'FAILED' ? 'E_RPC_FAILURE' : null,
    failedTasks: [],
    moreFailedTasks: 0,
    stoppedBy: null,
    actions: ['recover'],
    detectedAt: T0 + 61_000,
  };
}

/** The schema of the release before clusters (001–007), with rows in every table. */
function buildOldDatabase(path: string, dir: string, options: { intent: boolean }): void {
  const old = join(dir, 'migrations-001-007');
  mkdirSync(old, { recursive: true });
  for (const migration of listMigrations(MIGRATIONS).filter((m) => m.version <= 7)) copyFileSync(join(MIGRATIONS, migration.name), join(old, migration.name));
  const db = openDatabase(path, { migrationsDir: old });
  expect(db.prepare('SELECT max(version) FROM schema_migrations').pluck().get()).toBe(7);
  const run = (sql: string, ...values: unknown[]): void => void db.prepare(sql).run(...values);
  run('INSERT INTO channel_settings (channel_id, default_space, updated_by, updated_at) VALUES (?, ?, ?, ?)', 'COPS', 'nba', 'UADMIN', T0);
  run('INSERT INTO audit_log (at, user_id, space, job_id, action, result, detail) VALUES (?, ?, ?, ?, ?, ?, ?)', T0, 'UOPS', 'nba', 1, 'stop', 'executed', 'old entry');
  run(
    'INSERT INTO audit_log (at, user_id, space, job_id, action, result, detail) VALUES (?, ?, ?, ?, ?, ?, ?)',
    T0 + 1,
    'UADMIN',
    'nba',
    null,
    'subscribe',
    'executed',
    'channel C1',
  );
  run(
    `INSERT INTO approvals (id, action, space, job_id, requester_id, requested_in, requester_response_url, requester_context, status, created_at, expires_at, message_channel, message_ts)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    'appr-1',
    'stop',
    'nba',
    2,
    'UOPS',
    'C1',
    null,
    'L1|nba|0|7d||||0|0',
    'pending',
    T0,
    T0 + 30 * 60_000,
    'CAPPROVE',
    '1700000000.000200',
  );
  run(
    'INSERT INTO subscriptions (channel_id, space, statuses, created_by, created_at, muted_until, muted_by) VALUES (?, ?, ?, ?, ?, ?, ?)',
    'C1',
    'nba',
    'FAILED,STOPPED',
    'UADMIN',
    T0,
    null,
    null,
  );
  run(
    'INSERT INTO subscriptions (channel_id, space, statuses, created_by, created_at, muted_until, muted_by) VALUES (?, ?, ?, ?, ?, ?, ?)',
    'CMUTE',
    'nba',
    'FAILED',
    'UADMIN',
    T0,
    T0 + 3_600_000,
    'UOPS',
  );
  run('INSERT INTO watched_spaces (space, baseline_at) VALUES (?, ?)', 'nba', T0);
  // What the poller saw last: job 1 FINISHED, job 2 RUNNING, jobs 3 and 4 FAILED (3's alert sent, thread below; 4's queued).
  for (const [id, status] of [
    [1, 'FINISHED'],
    [2, 'RUNNING'],
    [3, 'FAILED'],
    [4, 'FAILED'],
  ] as const) {
    run(
      'INSERT INTO job_state (space, job_id, command, status, start_time, stop_time) VALUES (?, ?, ?, ?, ?, ?)',
      'nba',
      id,
      'STATS',
      status,
      T0,
      status === 'RUNNING' ? null : T0 + 60_000,
    );
  }
  run(
    'INSERT INTO alert_threads (channel_id, space, job_id, message_ts, alert, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    'C1',
    'nba',
    3,
    OLD_ALERT_TS,
    JSON.stringify(oldAlert(3, 'FAILED', 'RUNNING')),
    T0,
  );
  const enqueue = (channel: string, notice: Record<string, unknown>, state = 'pending'): void =>
    run(
      'INSERT INTO outbox (channel_id, kind, payload, created_at, state, next_attempt_at, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      channel,
      notice.kind,
      JSON.stringify(notice),
      T0,
      state,
      T0,
      state === 'sent' ? T0 : null,
    );
  enqueue('C1', { kind: 'alert', alert: oldAlert(3, 'FAILED', 'RUNNING') }, 'sent');
  // Queued when the old release stopped: an alert, a follow-up in job 3's thread, a digest, outage notices.
  enqueue('C1', { kind: 'alert', alert: oldAlert(4, 'FAILED', null) });
  enqueue('C1', { kind: 'follow-up', followUp: { space: 'nba', jobId: 3, from: 'FAILED', to: 'QUEUE', at: T0 + 120_000, actorId: 'UOPS' } });
  enqueue('CDIGEST', { kind: 'digest', alerts: [5, 6, 7, 8, 9, 10].map((id) => oldAlert(id, 'FAILED', 'RUNNING')) });
  // NebulaGraph was out of reach when it stopped: channels were being told (COUT), the outage row stands.
  enqueue('COUT', { kind: 'reachable', downSince: T0 - 600_000, at: T0 - 300_000 });
  enqueue('COUT', { kind: 'outage', since: T0, reason: 'Cannot reach NebulaGraph (ECONNREFUSED).' });
  run('INSERT INTO outage (id, notified_at) VALUES (1, ?)', T0);
  run('INSERT INTO leases (name, holder, expires_at, term) VALUES (?, ?, ?, ?)', 'poller', 'old-host:1:a', T0, 7);
  run('INSERT INTO process_presence (holder, expires_at) VALUES (?, ?)', 'old-host:1:a', T0);
  if (options.intent) {
    run(
      `INSERT INTO action_intents (space, job_id, action, actor_id, approval_id, note, requester_response_url, requester_context, holder, started_at, sent_at, status_before)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      'nba',
      2,
      'stop',
      'UOPS',
      null,
      '',
      null,
      'd',
      'old-host:1:a',
      T0,
      null,
      null,
    );
  }
  db.close();
}

describe('migration 008: a single-cluster database moves to cluster `default`', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'nebula-jobs-migrate-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every row of every table, each of cluster `default`', () => {
    const path = join(dir, 'bot.db');
    buildOldDatabase(path, dir, { intent: true });
    const db: SqliteDatabase = openDatabase(path);
    try {
      expect(db.prepare('SELECT max(version) FROM schema_migrations').pluck().get()).toBe(listMigrations().at(-1)?.version);
      const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all();
      // Later migrations may add tables of their own.
      expect(tables).toEqual(
        expect.arrayContaining([
          'action_intents',
          'alert_threads',
          'approvals',
          'audit_log',
          'channel_defaults',
          'cluster_outages',
          'job_state',
          'leases',
          'outbox',
          'process_presence',
          'schema_migrations',
          'subscriptions',
          'watched_spaces',
        ]),
      );
      // Every table that names a space names the cluster too: `default`, for every old row.
      for (const table of ['action_intents', 'alert_threads', 'approvals', 'audit_log', 'job_state', 'subscriptions', 'watched_spaces']) {
        expect([table, db.prepare(`SELECT DISTINCT cluster FROM ${table}`).pluck().all()]).toEqual([table, ['default']]);
      }
      const at = { cluster: 'default', space: 'nba' };

      expect(new ChannelDefaultsRepository(db).channelDefault('COPS')).toEqual({ cluster: 'default', space: 'nba', setBy: 'UADMIN', setAt: new Date(T0) });
      const audit = new AuditRepository(db);
      expect(audit.latest({ spaces: [at], limit: 10 }).map((e) => [e.cluster, e.space, e.action, e.detail])).toEqual([
        ['default', 'nba', 'subscribe', 'channel C1'],
        ['default', 'nba', 'stop', 'old entry'],
      ]);
      expect(audit.lastExecutedBy(at, 1, 'stop', new Date(T0 - 1))).toBe('UOPS');
      expect(new ApprovalRepository(db).get('appr-1')).toMatchObject({
        cluster: 'default',
        space: 'nba',
        jobId: 2,
        status: 'pending',
        requesterContext: 'L1|nba|0|7d||||0|0',
        message: { channel: 'CAPPROVE', ts: '1700000000.000200' },
      });
      const subscriptions = new SubscriptionRepository(db);
      expect(subscriptions.inChannel('C1')).toEqual([expect.objectContaining({ cluster: 'default', space: 'nba', statuses: ['FAILED', 'STOPPED', 'STUCK'], createdBy: 'UADMIN' })]); // migration 009 adds STUCK to the old default
      expect(subscriptions.inChannel('CMUTE')).toEqual([expect.objectContaining({ cluster: 'default', mutedUntil: new Date(T0 + 3_600_000), mutedBy: 'UOPS' })]);
      expect(subscriptions.spaces()).toEqual([at]);

      const poller = new PollerRepository(db);
      expect(poller.isBaselined(at)).toBe(true);
      expect([...poller.snapshots(at).values()].map((s) => [s.id, s.status])).toEqual([
        [1, 'FINISHED'],
        [2, 'RUNNING'],
        [3, 'FAILED'],
        [4, 'FAILED'],
      ]);
      expect(poller.outageNotifiedAt('default')).toEqual(new Date(T0));
      expect(poller.alertThreadsOf(at, 3, new Date(T0))).toEqual(['C1']);

      const outbox = new OutboxRepository(db);
      expect(outbox.pendingCount()).toBe(5);
      const heads = outbox.heads();
      expect(heads.map((h) => [h.channelId, h.notice.kind])).toEqual([
        ['C1', 'alert'],
        ['CDIGEST', 'digest'],
        ['COUT', 'reachable'],
      ]);
      for (const head of heads) {
        const { notice } = head;
        if (notice.kind === 'alert') expect(notice.alert.cluster).toBe('default');
        if (notice.kind === 'digest') expect(notice.alerts.map((a) => a.cluster)).toEqual(Array(6).fill('default'));
        if (notice.kind === 'reachable') expect(notice).toMatchObject({ cluster: 'default', downSince: T0 - 600_000 });
      }
      expect(outbox.alertThread('C1', at, 3)).toEqual({
        ts: OLD_ALERT_TS,
        alert: expect.objectContaining({ cluster: 'default', space: 'nba', job: expect.objectContaining({ id: 3 }) }),
      });

      expect(new LeaseRepository(db).holder('poller')).toEqual({ holder: 'old-host:1:a', expiresAt: new Date(T0), term: 7 });
      expect(db.prepare('SELECT holder FROM process_presence').pluck().all()).toEqual(['old-host:1:a']);
      const audit2 = new AuditRepository(db);
      const intents = new ActionIntentRepository(db, 'new-host:2:b', audit2, new ApprovalRepository(db)).unresolved();
      expect(intents).toEqual([expect.objectContaining({ cluster: 'default', space: 'nba', jobId: 2, action: 'stop', actorId: 'UOPS', holder: 'old-host:1:a' })]);
      // The old single-row outage table and channel_settings are gone, their rows moved.
      expect(db.prepare('SELECT count(*) FROM cluster_outages').pluck().get()).toBe(1);
      expect(db.prepare('SELECT count(*) FROM channel_defaults').pluck().get()).toBe(1);
    } finally {
      db.close();
    }
  });

  describe('the bot on a migrated database', () => {
    let h: Harness;
    afterEach(async () => h?.close());

    it('delivers what the old release queued, threads a follow-up under its alert, and goes on polling from its state', async () => {
      buildOldDatabase(join(dir, 'bot.db'), dir, { intent: false });
      h = await startHarness({
        dir,
        policy: { rules: [{ subjects: ['UOPS'], spaces: ['*'], role: 'operator' }] },
        prepare: (graphd) => {
          // The jobs graphd has: 1 FINISHED, 2 RUNNING when last seen (FAILED meanwhile), 3 and 4 FAILED (alerted).
          const times = { startTime: new Date(T0), stopTime: new Date(T0 + 60_000) };
          graphd.addJob('nba', { id: 1, command: 'STATS', status: 'FINISHED', ...times });
          graphd.addJob('nba', { id: 2, command: 'STATS', status: 'FAILED', ...times });
          graphd.addJob('nba', { id: 3, command: 'STATS', status: 'FAILED', ...times });
          graphd.addJob('nba', { id: 4, command: 'STATS', status: 'FAILED', ...times });
        },
      });
      const topLevel = (channel: string): PostedMessage[] => h.slack.messagesIn(channel).filter((m) => !m.threadTs);
      const text = (value: unknown): string => JSON.stringify(value);
      // The sender starts with what is queued; each channel's messages go out in order.
      await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === 'C1' && c.args.thread_ts === OLD_ALERT_TS, { timeoutMs: 10_000 });
      await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === 'COUT' && text(c.args).includes('cannot reach'), { timeoutMs: 10_000 });
      await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === 'CDIGEST', { timeoutMs: 10_000 });
      await h.bot.sender.idle();
      expect(h.bot.sender.backlog()).toBe(0);

      const [alert] = topLevel('C1');
      expect(text(alert)).toContain('Job 4 FAILED in nba');
      // Its buttons name the cluster now, and work.
      const details = await h.user.click(alert, { actionId: ActionId.jobDetails });
      expect(text((await h.slack.waitForResponse(details.responseUrl)).body)).toContain('Job 4');
      const reply = h.slack.messagesIn('C1').find((m) => m.threadTs === OLD_ALERT_TS) as PostedMessage;
      expect(text(reply)).toContain('recovered by <@UOPS>');
      expect(text(topLevel('CDIGEST'))).toContain('6');
      expect(topLevel('COUT').map((m) => text(m))).toEqual([expect.stringContaining('reachable again'), expect.stringContaining('cannot reach NebulaGraph')]);

      // The first poll compares with the migrated state: job 2's failure is new, nothing else is.
      const report = await h.bot.poller.pollOnce();
      await h.bot.sender.idle();
      expect(report).toMatchObject({ spaces: 1, failedSpaces: 0 });
      const alerts = topLevel('C1').map((m) => /Job (\d+) (\w+)/.exec(text(m))?.slice(1).join(' '));
      expect(alerts.filter(Boolean)).toEqual(['4 FAILED', '2 FAILED']);
      // The migrated outage row ends now: the subscribed channels hear NebulaGraph is back, once.
      for (const channel of ['C1', 'CMUTE']) expect(topLevel(channel).filter((m) => text(m).includes('reachable again'))).toHaveLength(1);
      expect(topLevel('COUT')).toHaveLength(2);
      expect((await h.bot.poller.pollOnce())?.rowsWritten).toBe(0);
    });
  });
});
