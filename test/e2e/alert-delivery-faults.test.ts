import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type Harness, type HarnessOptions, startHarness } from '../support/bot-harness';
import type { PostedMessage } from '../support/slack-fake';
import { waitUntil } from '../support/wait-until';

/**
 * The alert promises under production faults: a disk that cannot be written, a revoked token,
 * hours of Slack outage, a hung request, a clock stepped back, a channel that cannot be joined,
 * and tables that would otherwise grow forever.
 */
const POLICY = { rules: [{ subjects: ['UADMIN'], spaces: ['*'], role: 'admin' }] };
const DAY = 24 * 3_600_000;

describe('alert delivery under production faults', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function start(options: HarnessOptions = {}): Promise<Harness> {
    h = await startHarness({ policy: POLICY, ...options });
    return h;
  }

  async function subscribe(channelId: string, space = 'nba'): Promise<void> {
    const reply = JSON.stringify((await h.command(`subscribe ${space}`, { userId: 'UADMIN', channelId })).body);
    expect(reply).toContain('now gets an alert');
  }

  async function poll(): Promise<void> {
    await h.bot.poller.pollOnce();
    await h.bot.sender.idle();
  }

  async function health(): Promise<{ status: number; body: Record<string, any> }> {
    const response = await fetch(h.healthUrl);
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  }

  const text = (value: unknown): string => JSON.stringify(value);
  const topLevel = (channel: string): PostedMessage[] => h.slack.messagesIn(channel).filter((m) => !m.threadTs);
  const alertsOf = (channel: string, id: number): PostedMessage[] => topLevel(channel).filter((m) => text(m).includes(`Job ${id} FAILED`));
  const postsOf = (channel: string, id: number): number[] =>
    h.slack
      .callsTo('chat.postMessage')
      .filter((c) => c.args.channel === channel && text(c.args).includes(`Job ${id} FAILED`))
      .map((c) => c.status);
  const logged = (event: string): string[] => h.logs.filter((line) => line.includes(`"${event}"`));

  it('never posts an accepted alert again while the database cannot record it, and records it once it can', async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown): void => void rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      await start();
      await subscribe('C1');
      await poll();
      h.slack.failNext('chat.postMessage', { status: 503 });
      const id = h.graphd.addJob('nba', { command: 'STATS', status: 'FAILED' });
      await poll(); // Slack is down: the retry is due in 100 ms
      // Before it comes due, the disk stops taking writes (as a read-only remount would).
      h.bot.database.pragma('query_only = ON');
      await h.slack.waitForCall('chat.postMessage', (c) => text(c.args).includes(`Job ${id} FAILED`));
      // The sender keeps trying to record the delivery, with backoff, and never posts it again.
      await waitUntil(() => (h.bot.sender.pause()?.retries ?? 0) >= 3, 'three retries of the delivery record');
      expect(postsOf('C1', id)).toEqual([503, 200]);
      expect(h.bot.sender.pause()).toMatchObject({ cause: 'store', error: 'SQLITE_READONLY: attempt to write a readonly database' });
      const sick = await health();
      expect(sick.status).toBe(503);
      expect(sick.body.problems).toEqual([expect.stringMatching(/^Outbox paused since .*: the database cannot be written/)]);
      expect(sick.body.outbox.paused).toMatchObject({ cause: 'store' });
      expect(logged('outbox.store_failed')).toHaveLength(1);

      h.bot.database.pragma('query_only = OFF');
      await waitUntil(() => h.bot.sender.pause() === null, 'the sender to resume');
      await h.bot.sender.idle();
      expect(h.bot.sender.backlog()).toBe(0);
      expect(logged('outbox.store_recovered')).toHaveLength(1);
      expect((await health()).status).toBe(200);
      // The delivery was recorded with its ts: the job's follow-up goes in the alert's thread.
      h.graphd.setJobStatus('nba', id, 'QUEUE');
      await poll();
      const alert = alertsOf('C1', id);
      expect(alert).toHaveLength(1);
      expect(h.slack.messagesIn('C1').filter((m) => m.threadTs === alert[0].ts)).toHaveLength(1);
      expect(postsOf('C1', id)).toEqual([503, 200]);
      expect(rejections).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });

  it('holds every alert while Slack refuses the token, says so once, and delivers them when the token works again', async () => {
    await start();
    await subscribe('C1');
    await subscribe('C2');
    await poll();
    h.slack.authError = 'token_revoked';
    const a = h.graphd.addJob('nba', { command: 'STATS', status: 'FAILED' });
    await poll();
    const b = h.graphd.addJob('nba', { command: 'FLUSH', status: 'FAILED' });
    await poll();
    // Both channels were refused, then the sender probes with backoff.
    await h.slack.waitForCalls('chat.postMessage', 4, (c) => c.status === 299, { timeoutMs: 10_000 });
    expect(h.bot.sender.backlog()).toBe(4);
    const sick = await health();
    expect(sick.status).toBe(503);
    expect(sick.body.problems).toEqual([expect.stringMatching(/^Slack refuses the bot token \(token_revoked\) since .*: alerts are held/)]);
    expect(sick.body.outbox.dropped.count).toBe(0);
    expect(logged('outbox.paused')).toHaveLength(1);

    h.slack.authError = null;
    for (const channel of ['C1', 'C2']) {
      for (const id of [a, b]) await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === channel && text(c.args).includes(`Job ${id} FAILED`), { timeoutMs: 10_000 });
    }
    await h.bot.sender.idle();
    expect(h.bot.sender.backlog()).toBe(0);
    for (const channel of ['C1', 'C2']) expect(topLevel(channel).map((m) => /Job (\d+)/.exec(text(m))?.[1])).toEqual([String(a), String(b)]);
    expect(logged('outbox.resumed')).toHaveLength(1);
    expect((await health()).status).toBe(200);
  });

  it('keeps retrying through hours of Slack outage, and drops a message only on a permanent channel error, saying so', async () => {
    let clock = Date.now();
    await start({ bot: { now: () => new Date(clock) } });
    await subscribe('C1');
    await subscribe('CGONE');
    await poll();
    h.slack.failNext('chat.postMessage', { status: 503 }, 30, (args) => args.channel === 'C1');
    h.slack.failNext('chat.postMessage', { error: 'channel_not_found' }, 1, (args) => args.channel === 'CGONE');
    const id = h.graphd.addJob('nba', { command: 'STATS', status: 'FAILED' });
    await poll();
    // Five hours: each attempt comes due (the wait is capped at 5 min), and fails.
    for (let i = 0; i < 29; i += 1) {
      clock += 10 * 60_000;
      h.bot.sender.kick();
      await h.bot.sender.idle();
    }
    expect(postsOf('C1', id)).toHaveLength(30);
    expect(h.bot.sender.backlog()).toBe(1);
    clock += 10 * 60_000;
    h.bot.sender.kick();
    await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === 'C1' && text(c.args).includes(`Job ${id} FAILED`));
    await h.bot.sender.idle();
    expect(alertsOf('C1', id)).toHaveLength(1);
    expect(h.bot.sender.backlog()).toBe(0);

    const report = await health();
    expect(report.status).toBe(200);
    expect(report.body.outbox.dropped).toEqual({ count: 1, latest: { channel: 'CGONE', reason: 'channel_not_found', at: expect.any(String) } });
    expect(text(report.body)).not.toContain('nba');
    expect(logged('outbox.dropped').filter((line) => line.includes('CGONE') && line.includes('channel_not_found'))).toHaveLength(1);
  });

  it('keeps delivering to other channels while one Slack call hangs, and posts the hung one again after the timeout', async () => {
    await start({ bot: { outboxTimeoutMs: 3_000 } });
    await subscribe('CHUNG');
    await subscribe('COK');
    await poll();
    h.slack.failNext('chat.postMessage', { hang: true }, 1, (args) => args.channel === 'CHUNG');
    const first = h.graphd.addJob('nba', { command: 'STATS', status: 'FAILED' });
    await h.bot.poller.pollOnce();
    const hung = await h.slack.waitForCalls('chat.postMessage', 1, (c) => c.args.channel === 'CHUNG' && c.hung !== undefined);
    await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === 'COK' && text(c.args).includes(`Job ${first} FAILED`));
    const second = h.graphd.addJob('nba', { command: 'FLUSH', status: 'FAILED' });
    await h.bot.poller.pollOnce();
    await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === 'COK' && text(c.args).includes(`Job ${second} FAILED`));
    expect(hung.hung).toBe('open'); // the other channel did not wait for it

    await h.slack.waitForAbandoned(hung, 10_000);
    await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === 'CHUNG' && text(c.args).includes(`Job ${second} FAILED`), { timeoutMs: 10_000 });
    await h.bot.sender.idle();
    // Posted again (Slack has no idempotency key; a timed-out post is assumed lost), in order.
    expect(topLevel('CHUNG').map((m) => /Job (\d+)/.exec(text(m))?.[1])).toEqual([String(first), String(second)]);
    expect(logged('outbox.outcome_unknown')).toHaveLength(1);
  });

  it("still delivers a channel's alerts after the clock steps back while one waits to retry", async () => {
    let clock = Date.now();
    await start({ bot: { now: () => new Date(clock) } });
    await subscribe('C1');
    await poll();
    h.slack.failNext('chat.postMessage', { status: 503 });
    const first = h.graphd.addJob('nba', { command: 'STATS', status: 'FAILED' });
    await poll(); // the retry is due 100 ms later, by this clock
    clock -= 3_600_000; // NTP steps the clock back an hour
    const second = h.graphd.addJob('nba', { command: 'FLUSH', status: 'FAILED' });
    await poll();
    for (const id of [first, second]) {
      await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === 'C1' && text(c.args).includes(`Job ${id} FAILED`), { timeoutMs: 10_000 });
    }
    await h.bot.sender.idle();
    expect(topLevel('C1').map((m) => /Job (\d+)/.exec(text(m))?.[1])).toEqual([String(first), String(second)]);
  });

  it('stops joining a channel that keeps answering not_in_channel after a join, and drops the message with a clear reason', async () => {
    await start();
    await subscribe('CPUB');
    await poll();
    h.slack.setMember('CPUB', false);
    // Slack accepts the join, yet posting still says not_in_channel.
    h.slack.setHandler('conversations.join', (args) => ({ ok: true, channel: { id: args.channel } }));
    h.graphd.addJob('nba', { command: 'STATS', status: 'FAILED' });
    await poll();
    await waitUntil(() => logged('outbox.dropped').length > 0, 'the message to be dropped');
    await h.bot.sender.idle();
    expect(h.slack.callsTo('conversations.join')).toHaveLength(1);
    expect(h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'CPUB').length).toBeLessThanOrEqual(8);
    expect(h.bot.sender.backlog()).toBe(0);
    const report = await health();
    expect(report.body.outbox.dropped).toMatchObject({ count: 1, latest: { channel: 'CPUB', reason: expect.stringMatching(/^not_in_channel after joining/) } });
    expect(logged('outbox.dropped')[0]).toContain('not_in_channel after joining');
  });

  it('prunes sent messages after 7 days, threads of jobs gone after 30, and audit entries after AUDIT_RETENTION_DAYS', async () => {
    let clock = Date.now();
    const now = (): Date => new Date(clock);
    await start({ bot: { now }, graphd: { now }, env: { AUDIT_RETENTION_DAYS: '90' } });
    const db = new Database(join(h.dir, 'bot.db'), { readonly: true });
    const count = (sql: string): number => db.prepare(sql).pluck().get() as number;
    try {
      await subscribe('C1');
      await poll();
      h.graphd.addJob('nba', { command: 'STATS', status: 'FAILED' });
      await poll();
      expect(count(`SELECT COUNT(*) FROM outbox WHERE state = 'sent'`)).toBe(1);
      expect(count('SELECT COUNT(*) FROM alert_threads')).toBe(1);
      expect(count('SELECT COUNT(*) FROM audit_log')).toBe(1);

      // A week on, graphd has expired the job; the sent message is pruned, its thread kept for now.
      clock += 8 * DAY;
      await poll();
      expect(count('SELECT COUNT(*) FROM job_state')).toBe(0);
      expect(count('SELECT COUNT(*) FROM outbox')).toBe(0);
      expect(count('SELECT COUNT(*) FROM alert_threads')).toBe(1);
      clock += 20 * DAY;
      await poll();
      expect(count('SELECT COUNT(*) FROM alert_threads')).toBe(1);
      expect(JSON.stringify((await h.command('mute nba 1h', { userId: 'UADMIN', channelId: 'C1' })).body)).toContain('muted');
      clock += 3 * DAY;
      await poll();
      expect(count('SELECT COUNT(*) FROM alert_threads')).toBe(0);
      expect(count('SELECT COUNT(*) FROM audit_log')).toBe(2);

      clock += 64 * DAY;
      await poll();
      expect(count('SELECT COUNT(*) FROM audit_log')).toBe(1); // the subscribe is 95 days old, the mute 67
      expect(logged('retention.pruned')).toHaveLength(3);
    } finally {
      db.close();
    }
  });
});
