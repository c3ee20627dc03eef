import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { webApi } from '@slack/bolt';
import { Registry } from 'prom-client';
import { SlackMetrics } from '../../src/monitoring/slack-metrics';
import { Scrape } from '../support/prometheus-text';
import { SlackFake } from '../support/slack-fake';

const REQUESTS = 'nebula_jobs_bot_slack_api_requests_total';
const ERRORS = 'nebula_jobs_bot_slack_api_errors_total';

/** Web API failures as counted at the fetch every WebClient sends through, against the Slack fake. */
describe('SlackMetrics', () => {
  let slack: SlackFake;
  beforeEach(async () => (slack = await SlackFake.start()));
  afterEach(async () => slack.close());

  function metered(apiUrl: string, options: webApi.WebClientOptions = {}): { web: webApi.WebClient; page: () => Promise<Scrape> } {
    const registry = new Registry();
    const metrics = new SlackMetrics(registry);
    const web = new webApi.WebClient('xoxb-test', {
      slackApiUrl: apiUrl,
      fetch: metrics.fetch(apiUrl),
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      logLevel: webApi.LogLevel.ERROR,
      ...options,
    });
    return { web, page: async () => new Scrape(await registry.metrics()) };
  }

  it("counts each request by method, and each failure by Slack's error, HTTP status or missing answer", async () => {
    const { web, page } = metered(slack.apiUrl, { timeout: 300 });
    slack.failNext('chat.postMessage', { error: 'channel_not_found' });
    slack.failNext('chat.postMessage', { status: 503 });
    slack.failNext('chat.update', { status: 429, retryAfterSeconds: 1 });
    slack.failNext('conversations.join', { hang: true });
    await web.chat.postMessage({ channel: 'C1', text: 'a' }).catch(() => undefined);
    await web.chat.postMessage({ channel: 'C1', text: 'b' }).catch(() => undefined);
    await web.chat.postMessage({ channel: 'C1', text: 'c' });
    await web.chat.update({ channel: 'C1', ts: '1.2', text: 'd' }).catch(() => undefined);
    await web.conversations.join({ channel: 'C1' }).catch(() => undefined);

    const scrape = await page();
    expect(scrape.value(REQUESTS, { method: 'chat.postMessage' })).toBe(3);
    expect(scrape.value(ERRORS, { method: 'chat.postMessage', error: 'channel_not_found' })).toBe(1);
    expect(scrape.value(ERRORS, { method: 'chat.postMessage', error: 'http_503' })).toBe(1);
    expect(scrape.value(ERRORS, { method: 'chat.update', error: 'http_429' })).toBe(1);
    expect(scrape.value(ERRORS, { method: 'conversations.join', error: 'timeout' })).toBe(1);
    expect(scrape.sum(ERRORS)).toBe(4);
  });

  it('counts a request that finds nothing listening as a network error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', () => resolve()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const { web, page } = metered(`http://127.0.0.1:${port}/api/`);
    await expect(web.auth.test()).rejects.toThrow();
    expect((await page()).value(ERRORS, { method: 'auth.test', error: 'network' })).toBe(1);
  });

  it('keeps method names and error strings from outside to a bounded set of plain tokens', async () => {
    const { web, page } = metered(slack.apiUrl);
    slack.failNext('chat.postMessage', { error: 'bad"} evil{x="1' });
    await web.chat.postMessage({ channel: 'C1', text: 'x' }).catch(() => undefined);
    for (let i = 0; i < 70; i += 1) {
      slack.failNext(`made.up${i}`, { error: `odd_error_${i}` });
      await web.apiCall(`made.up${i}`).catch(() => undefined);
    }

    const scrape = await page();
    // Not a plain token: `other`, whatever the room left.
    expect(scrape.value(ERRORS, { method: 'chat.postMessage', error: 'other' })).toBe(1);
    expect(scrape.text).not.toContain('evil');
    // Past 60 distinct values, `other`.
    expect(new Set(scrape.series(REQUESTS).map((s) => s.labels.method)).size).toBe(61);
    expect(scrape.value(REQUESTS, { method: 'other' })).toBe(11);
    expect(scrape.value(ERRORS, { method: 'other', error: 'other' })).toBe(10);
    expect(scrape.sum(ERRORS)).toBe(71);
  });
});
