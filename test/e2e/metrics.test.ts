import { createServer } from 'node:net';
import { type Harness, type HarnessOptions, startHarness } from '../support/bot-harness';
import { FakeGraphd } from '../support/graphd';
import { type Scrape, scrape } from '../support/prometheus-text';
import { waitUntil } from '../support/wait-until';

/**
 * GET /metrics as Prometheus scrapes it, after real commands, clicks and polls against the fake
 * graphd and the Slack fake; the page is parsed as Prometheus text and read by name and labels.
 */
const POLICY = {
  rules: [
    { subjects: ['UOPS'], spaces: ['*'], role: 'operator' },
    { subjects: ['UADMIN'], spaces: ['*'], role: 'admin' },
  ],
  approvals: { stop: 'required', recover: 'none', channel: 'CAPPROVALS', expiresMinutes: 30, adminsBypass: true },
};

const M = (name: string): string => `nebula_jobs_bot_${name}`;
const text = (value: unknown): string => JSON.stringify(value);

/** Scrapes until `condition` holds (connection events are not ours to wait on here). */
async function scrapeUntil(h: Harness, condition: (page: Scrape) => boolean, what: string): Promise<Scrape> {
  let page = await scrape(h.bot.port);
  const deadline = Date.now() + 15_000;
  while (!condition(page)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    page = await scrape(h.bot.port);
  }
  return page;
}

describe('GET /metrics', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function start(options: HarnessOptions = {}): Promise<Harness> {
    h = await startHarness({ policy: POLICY, spaces: ['nba', 'secret_space'], ...options });
    return h;
  }

  async function subscribe(channelId: string, space: string): Promise<void> {
    expect(text((await h.command(`subscribe ${space}`, { userId: 'UADMIN', channelId })).body)).toContain('now gets an alert');
  }

  async function poll(): Promise<void> {
    await h.bot.poller.pollOnce();
    await h.bot.sender.idle();
  }

  it('counts polls, alerts, actions and Slack errors, and reads graphd and the store, naming no space', async () => {
    // No reconnect backoff: the first poll after graphd returns connects.
    await start({ env: { NEBULA_TIMEOUT_MS: '500' }, bot: { nebula: { retryDelayMs: 0, maxRetryDelayMs: 0 } } });
    await subscribe('C1', 'nba');
    await subscribe('CGONE', 'nba');
    await subscribe('C1', 'secret_space');
    await poll(); // the baseline of both spaces
    const running = h.graphd.addJob('nba', { command: 'STATS', status: 'RUNNING' });
    h.graphd.addJob('nba', { command: 'COMPACT', status: 'FINISHED' });
    const failed = h.graphd.addJob('nba', { command: 'FLUSH', status: 'FAILED' });

    // C1's alert meets a 503 and a 429 before Slack takes it; CGONE's channel is gone for good.
    h.slack.failNext('chat.postMessage', { status: 503 }, 1, (args) => args.channel === 'C1');
    h.slack.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 1 }, 1, (args) => args.channel === 'C1');
    h.slack.failNext('chat.postMessage', { error: 'channel_not_found' }, 1, (args) => args.channel === 'CGONE');
    await poll();
    await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === 'C1' && text(c.args).includes(`Job ${failed} FAILED`));
    await h.bot.sender.idle();

    // A recover that runs, a stop that asks for approval, a stop refused to a viewer.
    expect(text((await h.act(`recover ${failed} nba`, { userId: 'UADMIN' })).body)).toContain('recovered');
    expect(text((await h.act(`stop ${running} nba`, { userId: 'UOPS' })).body)).toContain('asked an admin to approve');
    expect(text((await h.command(`stop ${running} nba`, { userId: 'UVIEWER' })).body)).toContain('operator role');

    let page = await scrape(h.bot.port);
    expect(page.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(page.value(M('polls_total'), { cluster: 'default', result: 'ok' })).toBe(4);
    expect(page.value(M('poll_duration_seconds_count'), { cluster: 'default' })).toBe(4);
    expect(page.value(M('poller_active'))).toBe(1);
    expect(page.value(M('jobs'), { cluster: 'default', status: 'RUNNING' })).toBe(1);
    expect(page.value(M('jobs'), { cluster: 'default', status: 'FAILED' })).toBe(1);
    expect(page.value(M('jobs'), { cluster: 'default', status: 'FINISHED' })).toBe(1);
    expect(page.value(M('jobs'), { cluster: 'default', status: 'STOPPED' })).toBe(0);
    expect(page.value(M('outbox_enqueued_total'), { kind: 'alert' })).toBe(2);
    expect(page.value(M('outbox_sent_total'), { kind: 'alert' })).toBe(1);
    expect(page.value(M('outbox_retried_total'), { kind: 'alert' })).toBe(2);
    expect(page.value(M('outbox_dropped_total'), { kind: 'alert' })).toBe(1);
    expect(page.value(M('outbox_delivery_failures_total'), { kind: 'alert', failure: 'transient' })).toBe(1);
    expect(page.value(M('outbox_delivery_failures_total'), { kind: 'alert', failure: 'rate-limited' })).toBe(1);
    expect(page.value(M('outbox_delivery_failures_total'), { kind: 'alert', failure: 'permanent' })).toBe(1);
    expect(page.sum(M('outbox_pending'))).toBe(0);
    expect(page.value(M('outbox_oldest_pending_age_seconds'))).toBe(0);
    expect(page.series(M('outbox_delivery_paused')).map((s) => [s.labels.cause, s.value])).toEqual([
      ['store', 0],
      ['slack-auth', 0],
    ]);
    expect(page.value(M('actions_total'), { cluster: 'default', action: 'recover', result: 'executed' })).toBe(1);
    expect(page.value(M('actions_total'), { cluster: 'default', action: 'stop', result: 'requested' })).toBe(1);
    expect(page.value(M('actions_total'), { cluster: 'default', action: 'stop', result: 'denied' })).toBe(1);
    expect(page.value(M('approvals_open'), { cluster: 'default', action: 'stop' })).toBe(1);
    expect(page.value(M('graphd_state'), { cluster: 'default', state: 'ready' })).toBe(1);
    expect(page.sum(M('graphd_state'), { cluster: 'default' })).toBe(1);
    expect(page.value(M('graphd_ready_connections'), { cluster: 'default' })).toBe(2);
    expect(page.value(M('slack_api_errors_total'), { method: 'chat.postMessage', error: 'http_503' })).toBe(1);
    expect(page.value(M('slack_api_errors_total'), { method: 'chat.postMessage', error: 'http_429' })).toBe(1);
    expect(page.value(M('slack_api_errors_total'), { method: 'chat.postMessage', error: 'channel_not_found' })).toBe(1);
    // Each Web API call counts; response_url posts, which go through the same fetch in Bolt, do not.
    expect(page.value(M('slack_api_requests_total'), { method: 'chat.postMessage' })).toBe(h.slack.callsTo('chat.postMessage').length);
    expect(page.series(M('slack_api_requests_total')).every((s) => /^[a-z]+\.[a-zA-Z.]+$/.test(s.labels.method))).toBe(true);
    expect(page.value(M('slack_connected'))).toBe(1);
    expect(page.series('process_cpu_user_seconds_total')).toHaveLength(1);

    // graphd goes away for three polls: every read fails, and channels hear of the outage once.
    await h.graphd.stop();
    for (let i = 0; i < 3; i += 1) await poll();
    page = await scrape(h.bot.port);
    expect(page.value(M('polls_total'), { cluster: 'default', result: 'nebula-unreachable' })).toBe(6);
    expect(page.value(M('graphd_state'), { cluster: 'default', state: 'ready' })).toBe(0);
    expect(page.sum(M('graphd_state'), { cluster: 'default' })).toBe(1);
    expect(page.value(M('graphd_ready_connections'), { cluster: 'default' })).toBe(0);
    expect(page.value(M('graphd_unreachable_since_timestamp_seconds'), { cluster: 'default' })).toBeGreaterThan(0);
    expect(page.value(M('outbox_sent_total'), { kind: 'outage' })).toBe(2);
    const lastBefore = page.value(M('last_successful_poll_timestamp_seconds'), { cluster: 'default' }) as number;

    await h.graphd.restart();
    await scrapeUntil(h, (p) => p.value(M('graphd_state'), { cluster: 'default', state: 'ready' }) === 1, 'graphd to be ready again');
    await poll();
    page = await scrape(h.bot.port);
    expect(page.value(M('polls_total'), { cluster: 'default', result: 'ok' })).toBe(6);
    expect(page.value(M('graphd_state'), { cluster: 'default', state: 'ready' })).toBe(1);
    expect(page.value(M('graphd_unreachable_since_timestamp_seconds'), { cluster: 'default' })).toBe(0);
    expect(page.value(M('outbox_sent_total'), { kind: 'reachable' })).toBe(2);
    expect(page.value(M('outbox_sent_total'), { kind: 'follow-up' })).toBe(1); // the recovered job, in its alert's thread
    expect(page.value(M('last_successful_poll_timestamp_seconds'), { cluster: 'default' })).toBeGreaterThan(lastBefore);
    // Unauthenticated, like /healthz: no space name anywhere on the page.
    expect(page.text).not.toMatch(/nba|secret_space/);
  });

  it.each([true, false])('labels series with spaces only under METRICS_SPACE_LABELS=true (%s); without, a cluster shows its stalest space', async (spaceLabels) => {
    let clock = Date.now();
    const at = (): number => clock / 1000;
    await start({ env: spaceLabels ? { METRICS_SPACE_LABELS: 'true' } : {}, bot: { now: () => new Date(clock) } });
    await subscribe('C1', 'nba');
    await subscribe('C1', 'secret_space');
    h.graphd.addJob('nba', { command: 'STATS', status: 'RUNNING' });
    h.graphd.addJob('secret_space', { command: 'FLUSH', status: 'FINISHED' });
    await poll();
    const first = at();
    clock += 5_000; // within the poller lease, which the test clock keeps the heartbeat from renewing
    h.graphd.dropSpace('secret_space');
    await poll();
    const page = await scrape(h.bot.port);
    if (spaceLabels) {
      expect(page.value(M('polls_total'), { space: 'nba', result: 'ok' })).toBe(2);
      expect(page.value(M('polls_total'), { space: 'secret_space', result: 'ok' })).toBe(1);
      expect(page.sum(M('polls_total'), { space: 'secret_space' })).toBe(2);
      expect(page.value(M('poll_duration_seconds_count'), { cluster: 'default', space: 'nba' })).toBe(2);
      expect(page.value(M('last_successful_poll_timestamp_seconds'), { cluster: 'default', space: 'nba' })).toBe(at());
      expect(page.value(M('last_successful_poll_timestamp_seconds'), { cluster: 'default', space: 'secret_space' })).toBe(first);
      expect(page.value(M('jobs'), { space: 'nba', status: 'RUNNING' })).toBe(1);
      expect(page.value(M('jobs'), { space: 'secret_space', status: 'FINISHED' })).toBe(1);
    } else {
      expect(page.series(M('polls_total')).every((s) => s.labels.space === undefined)).toBe(true);
      expect(page.value(M('polls_total'), { cluster: 'default', result: 'ok' })).toBe(3);
      expect(page.value(M('last_successful_poll_timestamp_seconds'), { cluster: 'default' })).toBe(first);
      expect(page.value(M('jobs'), { cluster: 'default', status: 'RUNNING' })).toBe(1);
      expect(page.text).not.toMatch(/nba|secret_space/);
    }
    // A dropped space's read fails as such, with or without space labels.
    expect(page.sum(M('polls_total'), { result: 'space-not-found' })).toBe(1);
  });

  it('reads each graphd server of a cluster: one server down shows 0 while the other serves', async () => {
    const live = await FakeGraphd.start();
    live.createSpace('nba');
    const down = await portNobodyListensOn();
    try {
      await start({ env: { NEBULA_SERVERS: `${live.address},127.0.0.1:${down}` } });
      let page = await scrapeUntil(h, (p) => p.value(M('graphd_server_ready_connections'), { cluster: 'default', server: live.address }) === 2, 'the live server to be ready');
      expect(page.value(M('graphd_server_ready_connections'), { cluster: 'default', server: `127.0.0.1:${down}` })).toBe(0);
      expect(page.value(M('graphd_ready_connections'), { cluster: 'default' })).toBe(2);
      expect(page.value(M('graphd_state'), { cluster: 'default', state: 'ready' })).toBe(1);

      await live.stop();
      page = await scrapeUntil(h, (p) => p.value(M('graphd_server_ready_connections'), { cluster: 'default', server: live.address }) === 0, 'the stopped server to show 0');
      expect(page.series(M('graphd_server_ready_connections')).map((s) => s.labels.server)).toEqual([live.address, `127.0.0.1:${down}`]);
    } finally {
      await live.stop();
    }
  });

  it('shows a stuck outbox: delivery paused by a refused token, the backlog and its age', async () => {
    let clock = Date.now();
    await start({ spaces: ['nba'], bot: { now: () => new Date(clock) } });
    await subscribe('C1', 'nba');
    await poll();
    h.slack.failNext('chat.postMessage', { error: 'invalid_auth' }, 1000);
    h.graphd.addJob('nba', { command: 'STATS', status: 'FAILED' });
    await h.bot.poller.pollOnce();
    await waitUntil(() => h.bot.sender.pause() !== null, 'delivery to pause');
    clock += 20 * 60_000;
    const page: Scrape = await scrape(h.bot.port);
    expect(page.value(M('outbox_delivery_paused'), { cause: 'slack-auth' })).toBe(1);
    expect(page.value(M('outbox_delivery_paused'), { cause: 'store' })).toBe(0);
    expect(page.value(M('outbox_pending'), { kind: 'alert' })).toBe(1);
    expect(page.value(M('outbox_oldest_pending_age_seconds'))).toBe(20 * 60);
    expect(page.value(M('outbox_delivery_failures_total'), { kind: 'alert', failure: 'auth' })).toBeGreaterThanOrEqual(1);
    expect(page.value(M('slack_api_errors_total'), { method: 'chat.postMessage', error: 'invalid_auth' })).toBeGreaterThanOrEqual(1);
    expect(page.value(M('outbox_sent_total'), { kind: 'alert' })).toBeUndefined();
  });
});

describe('GET /metrics in Socket Mode', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it("answers on the port of /healthz, counts Bolt's own Web API calls, and shows the connection", async () => {
    h = await startHarness({ mode: 'socket' });
    expect(text((await h.command('spaces')).body)).toContain('`nba`');
    const page = await scrape(h.bot.port);
    expect(page.value(M('slack_connected'))).toBe(1);
    expect(page.value(M('slack_api_requests_total'), { method: 'auth.test' })).toBeGreaterThanOrEqual(1);
    expect(page.value(M('slack_api_requests_total'), { method: 'apps.connections.open' })).toBe(h.slack.callsTo('apps.connections.open').length);

    // Slack drops the connection and refuses new ones for a while: the gauge and the refusals show it.
    h.slack.socketModeAvailable = false;
    h.slack.socket.dropAll();
    const down = await scrapeUntil(
      h,
      (p) => p.value(M('slack_connected')) === 0 && (p.value(M('slack_api_errors_total'), { method: 'apps.connections.open', error: 'internal_error' }) ?? 0) >= 1,
      'the connection to show as down, and a refused reconnect',
    );
    expect(down.value(M('slack_connected'))).toBe(0);
    h.slack.socketModeAvailable = true;
    await h.slack.socket.waitForConnection(15_000, 2);
    await scrapeUntil(h, (p) => p.value(M('slack_connected')) === 1, 'the connection to show as up again');
  });
});

/** A loopback port that refuses connections: bound for a moment, then released. */
async function portNobodyListensOn(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
