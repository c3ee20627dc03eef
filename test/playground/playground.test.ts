import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { seededRandom } from '../../src/demo/simulated-cluster';
import { createLogger } from '../../src/logging/logger';
import { playgroundConfig } from '../../src/playground/playground-config';
import { type Playground, startPlayground } from '../../src/playground/start-playground';
import { blockKitProblems } from '../support/slack-fake';

/**
 * The local playground in a real browser (Debian's chromium, driven by playwright-core; nothing
 * is downloaded): the real bot, the stand-in for Slack, and the page, as a newcomer uses them.
 */

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const WAIT_MS = 20_000;
/** Debian's chromium (CI installs it in .ci/run); CHROMIUM_PATH points elsewhere on other machines. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

jest.setTimeout(60_000);

describe('the local playground, in a browser', () => {
  let dir: string;
  let playground: Playground;
  let browser: Browser;
  let page: Page;
  const logs: string[] = [];
  const pageErrors: string[] = [];
  const requested: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nebula-jobs-playground-'));
    const loaded = playgroundConfig({ PORT: '0', DATABASE_PATH: join(dir, 'playground.db'), POLL_SCHEDULE: '* * * * * *', LOG_LEVEL: 'warn' });
    if (!loaded.ok) throw new Error(loaded.problems.join('; '));
    const logger = createLogger({ level: 'warn', write: (line) => logs.push(line) });
    // Simulated time stands still (no job ends by chance mid-test); acks get more than Slack's
    // 3 s because the CI machine is a busy 2-core box.
    playground = await startPlayground({ config: loaded.config, logger, tickMs: 0, random: seededRandom(42), ackTimeoutMs: 15_000 });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ timezoneId: 'Asia/Tokyo', viewport: { width: 1400, height: 1000 } });
    page.setDefaultTimeout(WAIT_MS);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (entry) => entry.type() === 'error' && pageErrors.push(entry.text()));
    page.on('request', (request) => requested.push(request.url()));
    await page.goto(`${playground.standIn.baseUrl}/`);
    await page.waitForSelector('body[data-ready]');
  });

  afterAll(async () => {
    await browser?.close();
    await playground?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The latest message in the open channel that shows every one of `texts`. */
  const message = (...texts: string[]): Locator => texts.reduce((found, text) => found.filter({ hasText: text }), page.locator('#messages article.msg')).last();
  const seen = async (...texts: string[]): Promise<Locator> => {
    const found = message(...texts);
    await found.waitFor();
    return found;
  };
  /** The message with this ts, once it shows every one of `texts`: a message redrawn in place keeps its ts. */
  const sameMessage = async (ts: string, ...texts: string[]): Promise<Locator> => {
    const found = texts.reduce((locator, text) => locator.filter({ hasText: text }), page.locator(`#messages article.msg[data-ts="${ts}"]`));
    await found.waitFor();
    return found;
  };
  const tsOf = async (locator: Locator): Promise<string> => (await locator.getAttribute('data-ts')) as string;
  const as = async (name: string): Promise<void> => page.locator('#users').getByRole('button', { name, exact: true }).click();
  const open = async (channel: string): Promise<void> => page.locator('.channel-link', { hasText: `# ${channel}` }).click();
  const type = async (text: string): Promise<void> => {
    await page.fill('#composer-input', text);
    await page.press('#composer-input', 'Enter');
  };

  /** Waits until the bot has polled the space once (its baseline). */
  async function polled(space: string): Promise<void> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      if (playground.bot.lastPolls().has(space)) return;
      if (Date.now() > deadline) throw new Error(`the bot did not poll ${space} within ${WAIT_MS} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100)); // re-check, not a timed wait
    }
  }

  it('says on screen that it is a local playground with a simulated cluster, not Slack', async () => {
    const banner = await page.locator('#playground-banner').innerText();
    expect(banner).toContain('this is not Slack');
    expect(banner).toContain('simulated');
    expect(await page.title()).toMatch(/local playground \(not Slack\)/);
    await seen('#ops', 'Where the team runs commands');
  });

  it('lists jobs from a typed command, pages, filters and opens details', async () => {
    await as('Ada');
    await open('ops');
    await type('/nebula-jobs list');
    const list = await seen('Jobs in demo_social', 'Page 1 of', 'Only visible to you');
    // Times come as Slack date tokens and show in the viewer's zone, not as the UTC fallback.
    expect(await list.locator('time.mk-date[data-local]').first().innerText()).not.toContain('UTC');

    const listTs = await tsOf(list);

    await list.getByRole('button', { name: 'Next ▶' }).click();
    const page2 = await sameMessage(listTs, 'Jobs in demo_social', 'Page 2 of', '(edited)');

    await page2.locator('select.blk-select[data-action-id="jobs.list.status"]').selectOption('FAILED');
    const failed = await sameMessage(listTs, 'Jobs in demo_social', 'Status: FAILED', 'Page 1 of');
    const entry = failed
      .locator('.blk-section')
      .filter({ has: page.getByRole('button', { name: 'Details' }) })
      .first();
    const jobId = /^\s*(\d+)/.exec(await entry.innerText())?.[1];
    expect(jobId).toBeDefined();
    await entry.getByRole('button', { name: 'Details' }).click();
    const detail = await seen(`Job ${jobId} ·`, 'FAILED', 'Error code', 'Only visible to you');
    expect(await tsOf(detail)).not.toBe(listTs); // a new message; the list stays as it was
    await sameMessage(listTs, 'Status: FAILED');
    expect(await page.locator('#messages article.msg', { hasText: 'Jobs in demo_social' }).count()).toBe(1);
  });

  it('stops a job as Ada, through the confirm dialog, and Li approves it in #approvals', async () => {
    await polled('demo_social'); // #alerts was subscribed at start: the stop will be alerted there
    await as('Ada');
    await open('ops');
    await type('/nebula-jobs list status=running');
    const list = await seen('Status: RUNNING');
    const listTs = await tsOf(list);
    await list.getByRole('button', { name: 'Stop' }).first().click();
    const dialog = page.locator('dialog#confirm');
    await dialog.waitFor();
    const jobId = /Stop job (\d+)\?/.exec(await dialog.locator('h2').innerText())?.[1];
    expect(jobId).toBeDefined();
    await dialog.getByRole('button', { name: 'Stop job' }).click();
    await sameMessage(listTs, 'Status: RUNNING', `asked an admin to approve: stop job ${jobId}`, '#approvals');

    await as('Li');
    await open('approvals');
    const request = await seen(`Approval needed: stop job ${jobId}`, 'Requested by', '@Ada');
    const requestTs = await tsOf(request);
    await request.getByRole('button', { name: 'Approve' }).click();
    await dialog.filter({ hasText: 'Approve and run it now?' }).waitFor();
    await dialog.getByRole('button', { name: 'Approve' }).click();
    const decided = await sameMessage(requestTs, `Approval: stop job ${jobId}`, `@Ada (approved by @Li) stopped job ${jobId}; it is now STOPPED.`);
    expect(await decided.getByRole('button').count()).toBe(0);

    // Ada's list is redrawn through her click's response_url; #alerts gets the stop as an alert.
    await as('Ada');
    await open('ops');
    await sameMessage(listTs, 'Status: RUNNING', `(approved by @Li) stopped job ${jobId}`);
    await open('alerts');
    await seen(`Job ${jobId} STOPPED in demo_social`, 'Stopped by @Ada');
  });

  it('subscribes a channel, and an alert arrives there when a job is made to fail', async () => {
    await as('Li');
    await open('ops');
    await type('/nebula-jobs subscribe demo_fraud');
    await seen('now gets an alert when a job of demo_fraud', 'Only visible to you');

    await page.selectOption('#simulate-space', 'demo_fraud');
    await page.getByRole('button', { name: 'Make a job fail' }).click();
    const status = page.locator('#simulate-status').filter({ hasText: 'failed (simulated). Channels subscribed' });
    await status.waitFor();
    const jobId = /Job (\d+) in demo_fraud/.exec(await status.innerText())?.[1];
    const alert = await seen(`Job ${jobId} FAILED in demo_fraud`, 'was RUNNING');

    // Recovering it from the alert: the follow-up goes in the alert's thread.
    await alert.getByRole('button', { name: 'Recover' }).click();
    await page.locator('dialog#confirm').getByRole('button', { name: 'Recover job' }).click();
    await seen(`Job ${jobId} ·`, `@Li recovered job ${jobId}`, 'Only visible to you');
    await alert.getByRole('button', { name: '1 reply' }).click();
    await page.locator('#thread-messages article.msg').nth(1).filter({ hasText: 'recovered by @Li' }).waitFor(); // after the alert itself
  });

  it('loaded nothing from anywhere but the playground, and ran without script errors', () => {
    expect(requested.length).toBeGreaterThan(3);
    expect(requested.filter((url) => !url.startsWith(`${playground.standIn.baseUrl}/`))).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it("sent only messages within Block Kit's limits, and logged no errors", () => {
    const fromBot = playground.standIn.workspace.all().filter((m) => m.author.kind === 'bot');
    expect(fromBot.length).toBeGreaterThan(5);
    for (const m of fromBot) expect(blockKitProblems({ text: m.text, blocks: m.blocks })).toEqual([]);
    expect(logs.filter((line) => line.includes('"level":"error"'))).toEqual([]);
  });
});
