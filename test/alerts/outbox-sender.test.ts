import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeliveryError, type DeliveryFailure, type NoticePoster } from '../../src/alerts/notice-poster';
import type { FollowUp, JobAlert, Notice } from '../../src/alerts/notices';
import { JOIN_AGAIN_AFTER_MS, NOT_IN_CHANNEL_TRIES, OutboxSender, type OutboxSenderDeps } from '../../src/alerts/outbox-sender';
import { createLogger } from '../../src/logging/logger';
import { openDatabase, type SqliteDatabase } from '../../src/store/database';
import { OutboxRepository } from '../../src/store/outbox-repository';
import { waitUntil } from '../support/wait-until';

/** A NoticePoster double: posts succeed unless a failure is scripted for the channel. */
class ScriptedPoster implements NoticePoster {
  readonly posts: Array<{ channel: string; notice: Notice; threadTs?: string; ok: boolean }> = [];
  readonly joins: string[] = [];
  readonly updates: string[] = [];
  private readonly script: Array<{ channel: string | null; failure: DeliveryFailure }> = [];
  joinFailure: DeliveryFailure | null = null;
  /** Runs before the n-th post (1-based) is answered. */
  beforeAnswer: (n: number) => void = () => undefined;
  private ts = 0;

  failNext(failure: DeliveryFailure, times = 1, channel: string | null = null): void {
    for (let i = 0; i < times; i += 1) this.script.push({ channel, failure });
  }

  async post(channel: string, notice: Notice, threadTs?: string): Promise<string> {
    const index = this.script.findIndex((entry) => entry.channel === null || entry.channel === channel);
    const failure = index >= 0 ? this.script.splice(index, 1)[0].failure : null;
    this.beforeAnswer(this.posts.length + 1);
    this.posts.push({ channel, notice, threadTs, ok: failure === null });
    if (failure) throw new DeliveryError(failure);
    this.ts += 1;
    return `1700000000.${String(this.ts).padStart(6, '0')}`;
  }

  async updateAlert(channel: string, ts: string): Promise<void> {
    this.updates.push(`${channel}/${ts}`);
  }

  async join(channel: string): Promise<void> {
    this.joins.push(channel);
    if (this.joinFailure) throw new DeliveryError(this.joinFailure);
  }

  delivered(channel?: string): number {
    return this.posts.filter((p) => p.ok && (!channel || p.channel === channel)).length;
  }
}

function alert(jobId: number, failedTasks = 1): JobAlert {
  return {
    cluster: 'default',
    space: 'nba',
    job: { id: jobId, command: 'STATS', status: 'FAILED', startTime: 1_700_000_000_000, stopTime: 1_700_000_060_000 },
    previousStatus: 'RUNNING',
    errorCode: 'E_RPC_FAILURE',
    failedTasks: Array.from({ length: failedTasks }, (_, i) => ({
      taskId: String(i),
      host: `storaged-${i}.graph.example.internal:9779`,
      status: 'FAILED',
      errorCode: 'E_RPC_FAILURE',
    })),
    moreFailedTasks: 0,
    stoppedBy: null,
    actions: ['recover'],
    detectedAt: 1_700_000_060_000,
  };
}

describe('OutboxSender over a real SQLite outbox', () => {
  let dir: string;
  let db: SqliteDatabase;
  let store: OutboxRepository;
  let poster: ScriptedPoster;
  let logs: string[];
  let offset: number;
  let sender: OutboxSender;

  const now = (): Date => new Date(Date.now() + offset);
  const logged = (event: string): string[] => logs.filter((line) => line.includes(`"${event}"`));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nebula-jobs-sender-'));
    db = openDatabase(join(dir, 'bot.db'));
    store = new OutboxRepository(db);
    poster = new ScriptedPoster();
    logs = [];
    offset = 0;
  });

  afterEach(async () => {
    await sender?.stop();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function startSender(deps: Partial<OutboxSenderDeps> = {}): OutboxSender {
    sender = new OutboxSender({ store, poster, now, logger: createLogger({ level: 'debug', write: (line) => logs.push(line) }), baseBackoffMs: 10, maxBackoffMs: 1_000, ...deps });
    return sender;
  }

  function enqueue(channel: string, notice: Notice): void {
    store.enqueue([{ channelId: channel, notice }], now());
  }

  const pending = (): Array<{ id: number; attempts: number; next_attempt_at: number; error: string | null }> =>
    db.prepare(`SELECT id, attempts, next_attempt_at, error FROM outbox WHERE state = 'pending' ORDER BY id`).all() as never;

  it('posts each channel oldest first and records each message sent with its ts and alert thread', async () => {
    startSender();
    enqueue('C1', { kind: 'alert', alert: alert(1) });
    enqueue('C1', { kind: 'alert', alert: alert(2) });
    enqueue('C2', { kind: 'alert', alert: alert(3) });
    sender.kick();
    await sender.idle();
    expect(poster.posts.map((p) => `${p.channel}:${(p.notice as { alert: JobAlert }).alert.job.id}`)).toEqual(['C1:1', 'C2:3', 'C1:2']);
    expect(sender.backlog()).toBe(0);
    expect(store.alertThread('C1', { cluster: 'default', space: 'nba' }, 2)).toMatchObject({ ts: '1700000000.000003' });
  });

  it('keeps a delivery Slack accepted in memory while the disk is full (SQLITE_FULL), never posts it again, and records it once there is room', async () => {
    startSender();
    // Big enough that recording it needs new pages.
    enqueue('C1', { kind: 'alert', alert: alert(1, 100) });
    poster.failNext({ kind: 'transient', error: 'HTTP 503' });
    sender.kick();
    await sender.idle(); // retry due 10 ms later
    // The disk fills up: not one page more (the rescheduling above left free pages; VACUUM drops them).
    db.exec('VACUUM');
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    await waitUntil(() => (sender.pause()?.retries ?? 0) >= 4, 'four retries of the sent mark');
    expect(sender.pause()).toMatchObject({ cause: 'store', error: 'SQLITE_FULL: database or disk is full' });
    expect(poster.delivered()).toBe(1);
    expect(poster.posts).toHaveLength(2);
    expect(logged('outbox.store_failed')).toHaveLength(1);
    expect(sender.health()).toMatchObject({ backlog: 1, pause: { cause: 'store' } });

    // Room again (someone freed disk space), and another alert arrives.
    db.pragma('max_page_count = 1073741823');
    enqueue('C2', { kind: 'alert', alert: alert(2) });
    await waitUntil(() => sender.pause() === null, 'the sender to resume');
    await sender.idle();
    expect(poster.delivered('C1')).toBe(1);
    expect(poster.delivered('C2')).toBe(1);
    expect(sender.backlog()).toBe(0);
    expect(store.alertThread('C1', { cluster: 'default', space: 'nba' }, 1)).toMatchObject({ ts: '1700000000.000001' });
    expect(logged('outbox.store_recovered')).toHaveLength(1);
  });

  it('pauses when a failed post cannot even be rescheduled, instead of an unhandled rejection and a busy loop', async () => {
    startSender();
    enqueue('C1', { kind: 'alert', alert: alert(1) });
    db.pragma('query_only = ON');
    poster.failNext({ kind: 'transient', error: 'HTTP 503' }, 3);
    sender.kick();
    await waitUntil(() => (sender.pause()?.retries ?? 0) >= 2, 'the paused sender to retry twice');
    // One post per try to resume, not one per millisecond.
    expect(poster.posts.length).toBeLessThanOrEqual(3);
    db.pragma('query_only = OFF');
    await waitUntil(() => poster.delivered() === 1, 'the alert to go out');
    await sender.idle();
    expect(sender.pause()).toBeNull();
    expect(sender.backlog()).toBe(0);
  });

  it('holds every row while the token is refused, probing with one message at a time, and resumes on the first success', async () => {
    startSender();
    enqueue('C1', { kind: 'alert', alert: alert(1) });
    enqueue('C2', { kind: 'alert', alert: alert(2) });
    enqueue('C3', { kind: 'alert', alert: alert(3) });
    poster.failNext({ kind: 'auth', error: 'invalid_auth' }, 10);
    sender.kick();
    await waitUntil(() => (sender.pause()?.retries ?? 0) >= 3, 'three probes');
    expect(sender.pause()).toMatchObject({ cause: 'slack-auth', error: 'invalid_auth' });
    expect(pending().map((row) => row.attempts)).toEqual([0, 0, 0]); // nothing counted against the rows
    expect(logged('outbox.paused')).toHaveLength(1);
    await waitUntil(() => poster.delivered() === 3, 'every alert to go out');
    await sender.idle();
    expect(sender.pause()).toBeNull();
    expect(store.dropped().count).toBe(0);
    expect(logged('outbox.resumed')).toHaveLength(1);
  });

  it('stays on hold when a probe meets a network error, which says nothing about the token', async () => {
    startSender();
    enqueue('C1', { kind: 'alert', alert: alert(1) });
    poster.failNext({ kind: 'auth', error: 'token_revoked' });
    poster.failNext({ kind: 'transient', error: 'ECONNRESET' });
    poster.failNext({ kind: 'auth', error: 'token_revoked' });
    sender.kick();
    await waitUntil(() => poster.delivered() === 1, 'the alert to go out');
    expect(poster.posts.map((p) => p.ok)).toEqual([false, false, false, true]);
    // Held from the first refusal to the success: paused once, resumed once.
    expect(logged('outbox.paused')).toHaveLength(1);
    expect(logged('outbox.resumed')).toHaveLength(1);
  });

  it('retries 5xx and network errors forever, the wait capped at the longest backoff', async () => {
    startSender({ maxBackoffMs: 40 });
    enqueue('C1', { kind: 'alert', alert: alert(1) });
    poster.failNext({ kind: 'transient', error: 'HTTP 503' }, 30);
    sender.kick();
    await waitUntil(() => poster.delivered() === 1, 'the alert to go out after 30 failures', 20_000);
    await sender.idle();
    expect(poster.posts).toHaveLength(31);
    expect(store.dropped().count).toBe(0);
  });

  it('drops a message only on a permanent error, and reports the count and the latest reason', async () => {
    startSender();
    enqueue('CGONE', { kind: 'alert', alert: alert(1) });
    enqueue('CGONE', { kind: 'alert', alert: alert(2) });
    enqueue('CARCH', { kind: 'alert', alert: alert(3) });
    poster.failNext({ kind: 'permanent', error: 'channel_not_found' }, 1, 'CGONE');
    poster.failNext({ kind: 'permanent', error: 'is_archived' }, 1, 'CARCH');
    sender.kick();
    await sender.idle();
    expect(poster.delivered('CGONE')).toBe(1); // the next message is tried on its own
    expect(store.dropped()).toEqual({ count: 2, latest: { channelId: expect.stringMatching(/^C/), reason: expect.any(String), at: expect.any(Date) } });
    expect(
      logged('outbox.dropped')
        .map((line) => JSON.parse(line).reason)
        .sort(),
    ).toEqual(['channel_not_found', 'is_archived']);
  });

  it('treats a due time further ahead than the longest backoff as due: the clock stepped back', async () => {
    startSender({ maxBackoffMs: 60_000 });
    enqueue('C1', { kind: 'alert', alert: alert(1) });
    enqueue('C1', { kind: 'alert', alert: alert(2) });
    const [first] = pending();
    store.markRetry(first.id, new Date(now().getTime() + 30_000), 'HTTP 503');
    sender.kick();
    await sender.idle();
    expect(poster.posts).toHaveLength(0); // 30 s is a plausible wait
    offset = -3_600_000; // NTP steps the clock back an hour: the wait now looks like 1 h 30 s
    sender.kick();
    await sender.idle();
    expect(poster.delivered('C1')).toBe(2);
  });

  it('joins once on not_in_channel, backs off while the channel still refuses, and drops with a clear reason', async () => {
    startSender();
    enqueue('CPUB', { kind: 'alert', alert: alert(1) });
    poster.failNext({ kind: 'not-in-channel' }, 100);
    sender.kick();
    await waitUntil(() => store.dropped().count === 1, 'the message to be dropped');
    await sender.idle();
    expect(poster.joins).toEqual(['CPUB']);
    expect(poster.posts).toHaveLength(NOT_IN_CHANNEL_TRIES + 1);
    expect(store.dropped().latest?.reason).toBe(`not_in_channel after joining the channel (${NOT_IN_CHANNEL_TRIES} posts refused)`);
  });

  it('joins again only after a while', async () => {
    startSender({ maxBackoffMs: 20 });
    enqueue('CPUB', { kind: 'alert', alert: alert(1) });
    poster.failNext({ kind: 'not-in-channel' }, 4);
    // Joined before post 2; post 3 is refused long after.
    poster.beforeAnswer = (n) => {
      if (n === 3) offset += JOIN_AGAIN_AFTER_MS;
    };
    sender.kick();
    await waitUntil(() => poster.delivered() === 1, 'the alert to go out');
    expect(poster.joins).toEqual(['CPUB', 'CPUB']);
    expect(poster.posts).toHaveLength(5);
  });

  it('drops on not_in_channel when a private channel cannot be joined, but backs off when the join failed on the network', async () => {
    startSender();
    enqueue('CPRIV', { kind: 'alert', alert: alert(1) });
    enqueue('CFLAKY', { kind: 'alert', alert: alert(2) });
    poster.failNext({ kind: 'not-in-channel' }, 1, 'CPRIV');
    poster.joinFailure = { kind: 'permanent', error: 'method_not_supported_for_channel_type' };
    sender.kick();
    await sender.idle();
    expect(store.dropped().latest?.reason).toBe('not_in_channel; join failed: method_not_supported_for_channel_type (private channel? invite the bot)');
    poster.joinFailure = { kind: 'transient', error: 'ECONNRESET' };
    poster.failNext({ kind: 'not-in-channel' }, 1, 'CFLAKY');
    // CFLAKY was delivered above; queue another to see the network case.
    enqueue('CFLAKY', { kind: 'alert', alert: alert(3) });
    sender.kick();
    await sender.idle();
    expect(pending()).toEqual([expect.objectContaining({ attempts: 1, error: 'ECONNRESET' })]);
    poster.joinFailure = null;
    await waitUntil(() => poster.delivered('CFLAKY') === 2, 'the second alert to go out');
  });

  it('logs a post with an unknown outcome and posts it again', async () => {
    startSender();
    enqueue('C1', { kind: 'alert', alert: alert(1) });
    poster.failNext({ kind: 'transient', error: 'Slack did not answer in time', outcomeUnknown: true });
    sender.kick();
    await waitUntil(() => poster.delivered() === 1, 'the alert to go out');
    expect(logged('outbox.outcome_unknown')).toHaveLength(1);
  });

  it('replies to an alert in its thread, redraws it, and closes the thread once the job finished', async () => {
    startSender();
    enqueue('C1', { kind: 'alert', alert: alert(7) });
    const followUp = (to: string): FollowUp => ({ cluster: 'default', space: 'nba', jobId: 7, from: 'FAILED', to, at: 1_700_000_100_000, actorId: null });
    enqueue('C1', { kind: 'follow-up', followUp: followUp('QUEUE') });
    enqueue('C1', { kind: 'follow-up', followUp: followUp('FINISHED') });
    sender.kick();
    await sender.idle();
    const [alertPost, ...replies] = poster.posts;
    expect(replies.map((p) => p.threadTs)).toEqual(['1700000000.000001', '1700000000.000001']);
    expect(poster.updates).toEqual(['C1/1700000000.000001', 'C1/1700000000.000001']);
    expect(alertPost.threadTs).toBeUndefined();
    expect(store.alertThread('C1', { cluster: 'default', space: 'nba' }, 7)).toBeNull();
  });

  it('lets a hung channel hold only itself', async () => {
    let release: (ts: string) => void = () => undefined;
    const slow: NoticePoster = {
      post: (channel, notice, threadTs) => (channel === 'CHUNG' ? new Promise((resolve) => (release = resolve)) : poster.post(channel, notice, threadTs)),
      updateAlert: () => Promise.resolve(),
      join: () => Promise.resolve(),
    };
    startSender({ poster: slow });
    enqueue('CHUNG', { kind: 'alert', alert: alert(1) });
    enqueue('COK', { kind: 'alert', alert: alert(2) });
    sender.kick();
    await waitUntil(() => poster.delivered('COK') === 1, 'the first alert of COK');
    enqueue('COK', { kind: 'alert', alert: alert(3) });
    sender.kick();
    await waitUntil(() => poster.delivered('COK') === 2, 'the second alert of COK, while CHUNG hangs');
    release('1700000000.999999');
    await sender.idle();
    expect(sender.backlog()).toBe(0);
  });

  it('does not spin while a channel waits to retry with more messages queued behind', () => {
    jest.useFakeTimers();
    try {
      startSender({ maxBackoffMs: 60_000 });
      enqueue('C1', { kind: 'alert', alert: alert(1) });
      enqueue('C1', { kind: 'alert', alert: alert(2) });
      store.markRetry(pending()[0].id, new Date(now().getTime() + 30_000), 'HTTP 503');
      let reads = 0;
      const heads = store.heads.bind(store);
      store.heads = () => {
        reads += 1;
        return heads();
      };
      sender.kick();
      jest.advanceTimersByTime(20_000);
      expect(reads).toBe(1);
      expect(poster.posts).toHaveLength(0);
    } finally {
      jest.useRealTimers();
    }
  });
});
