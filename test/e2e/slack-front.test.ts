import { Worker } from 'node:worker_threads';
import { type Harness, SIGNING_SECRET, startHarness } from '../support/bot-harness';
import { signSlackRequest } from '../support/slack-fake';

/**
 * The front thread that owns the HTTP port: what it answers by itself (signatures, Slack's
 * checks, wrong paths, oversized bodies) never reaches the listeners, the database or graphd.
 */
describe('the front thread on the events port', () => {
  let h: Harness;
  beforeAll(async () => (h = await startHarness()));
  afterAll(async () => h?.close());

  const url = (path = '/slack/events'): string => `http://127.0.0.1:${h.bot.port}${path}`;
  const command = new URLSearchParams({ command: '/jobs', text: 'list nba', user_id: 'U1', team_id: 'T1', channel_id: 'C1', response_url: 'http://127.0.0.1:9/none' }).toString();
  const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
  const post = (body: string, headers: Record<string, string>): Promise<Response> => fetch(url(), { method: 'POST', body, headers });

  it('refuses requests Slack did not sign, or signed over five minutes ago, and runs nothing', async () => {
    const from = h.graphd.mark();
    const logged = h.logs.length;
    const statuses = [
      (await post(command, form)).status,
      (await post(command, { ...form, ...signSlackRequest('another-secret', command) })).status,
      (await post(command, { ...form, ...signSlackRequest(SIGNING_SECRET, command, Math.floor(Date.now() / 1000) - 600) })).status,
      (await post(`${command}&text=stop+1`, { ...form, ...signSlackRequest(SIGNING_SECRET, command) })).status,
    ];
    expect(statuses).toEqual([401, 401, 401, 401]);
    const refusals = h.logs.slice(logged).filter((line) => line.includes('"msg":"slack.request_refused"'));
    expect(refusals.map((line) => (JSON.parse(line) as { reason: string }).reason)).toEqual([
      'missing X-Slack-Signature or X-Slack-Request-Timestamp',
      'signature mismatch',
      'stale X-Slack-Request-Timestamp',
      'signature mismatch',
    ]);
    // The client's own start-up (SHOW SPACES, SHOW HOSTS) may still be under way; no command ran.
    expect(h.graphd.statements({ from }).filter((s) => s.includes('JOBS'))).toEqual([]);
    expect(h.slack.responses).toEqual([]);
    expect(h.logs.join('\n')).not.toContain(SIGNING_SECRET);
  });

  it("answers Slack's ssl_check and url_verification by itself", async () => {
    const ssl = await post('ssl_check=1&token=legacy', form);
    expect(ssl.status).toBe(200);
    expect(await ssl.text()).toBe('');
    const challenge = JSON.stringify({ type: 'url_verification', token: 'legacy', challenge: 'c-42' });
    const verified = await post(challenge, { 'Content-Type': 'application/json', ...signSlackRequest(SIGNING_SECRET, challenge) });
    expect(verified.status).toBe(200);
    expect(await verified.json()).toEqual({ challenge: 'c-42' });
  });

  it('answers 404 off its paths, 413 above 4 MB, 400 to JSON that is not', async () => {
    expect((await fetch(url('/slack/other'), { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fetch(url('/slack/events'))).status).toBe(404);
    expect((await fetch(url('/healthz'), { method: 'POST' })).status).toBe(404);
    const huge = 'x'.repeat(4 * 1024 * 1024 + 1);
    expect((await post(huge, { 'Content-Type': 'application/json' })).status).toBe(413);
    const broken = '{"type":"url_verification",';
    expect((await post(broken, { 'Content-Type': 'application/json', ...signSlackRequest(SIGNING_SECRET, broken) })).status).toBe(400);
    // Still serving.
    expect((await fetch(url('/healthz'))).status).toBe(200);
  });

  /**
   * A sender on another thread posts once this thread is blocked (Atomics.wait), and wakes it with
   * the HTTP status it got. This thread runs the bot's listeners: with Bolt's own receiver the ack
   * would need it, and the sender would never hear back.
   */
  const SENDER = `
    const { workerData } = require('node:worker_threads');
    const flags = new Int32Array(workerData.flags);
    Atomics.wait(flags, 1, 0); // until the main thread is about to block
    const done = (status) => { Atomics.store(flags, 0, status); Atomics.notify(flags, 0); };
    fetch(workerData.url, { method: 'POST', body: workerData.body, headers: workerData.headers }).then((r) => done(r.status), () => done(-1));
  `;

  it('acks while the thread that runs the listeners is blocked, and answers once it is free', async () => {
    const responseUrl = h.slack.responseUrl('blocked');
    const body = new URLSearchParams({
      command: '/nebula-jobs',
      text: 'list nba',
      user_id: 'U1',
      user_name: 'u1',
      team_id: 'T1',
      channel_id: 'C1',
      response_url: responseUrl,
    }).toString();
    const flags = new Int32Array(new SharedArrayBuffer(8));
    const sender = new Worker(SENDER, { eval: true, workerData: { flags: flags.buffer, url: url(), body, headers: { ...form, ...signSlackRequest(SIGNING_SECRET, body) } } });
    try {
      await new Promise((resolve) => sender.once('online', resolve));
      Atomics.store(flags, 1, 1);
      Atomics.notify(flags, 1);
      const woken = Atomics.wait(flags, 0, 0, 30_000); // this thread is blocked from here
      expect(woken).toBe('ok');
      expect(Atomics.load(flags, 0)).toBe(200);
      expect(JSON.stringify((await h.slack.waitForResponse(responseUrl)).body)).toContain('Jobs in nba');
    } finally {
      await sender.terminate();
    }
  });
});
