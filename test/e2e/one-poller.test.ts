import { type Harness, startHarness } from '../support/bot-harness';
import type { PostedMessage } from '../support/slack-fake';

const POLICY = { rules: [{ subjects: ['UADMIN'], spaces: ['*'], role: 'admin' }] };

/**
 * One poller per database, whatever the processes can see of each other: two bots on one
 * SQLite file never both alert a transition.
 */
describe('one poller per database', () => {
  const bots: Harness[] = [];
  afterEach(async () => {
    // The first harness owns the fakes and the folder: close it last.
    for (const bot of bots.splice(0).reverse()) await bot.close();
  });

  async function first(options: Parameters<typeof startHarness>[0] = {}): Promise<Harness> {
    const bot = await startHarness({ policy: POLICY, ...options });
    bots.push(bot);
    const reply = JSON.stringify((await bot.command('subscribe nba', { userId: 'UADMIN', channelId: 'C1' })).body);
    expect(reply).toContain('now gets an alert');
    return bot;
  }

  async function another(of: Harness, options: Parameters<typeof startHarness>[0] = {}): Promise<Harness> {
    const bot = await startHarness({ policy: POLICY, graphdInstance: of.graphd, slackInstance: of.slack, dir: of.dir, ...options });
    bots.push(bot);
    return bot;
  }

  const alertsOf = (h: Harness, id: number): PostedMessage[] => h.slack.messagesIn('C1').filter((m) => !m.threadTs && JSON.stringify(m).includes(`Job ${id} FAILED`));

  it('lets only one of two bots that look like PID 1 on the same host poll, and alerts once', async () => {
    // Two containers sharing a hostname (host network, compose `hostname:`), each its own PID 1.
    const a = await first({ bot: { leaseHolder: 'bot-host:1:aaaa1111' } });
    const b = await another(a, { bot: { leaseHolder: 'bot-host:1:bbbb2222' } });
    const id = a.graphd.addJob('nba', { command: 'STATS', status: 'RUNNING' });
    expect(await a.bot.poller.pollOnce()).not.toBeNull(); // the baseline
    expect(await b.bot.poller.pollOnce()).toBeNull();
    a.graphd.setJobStatus('nba', id, 'FAILED');
    for (const bot of [b, a, b, a]) {
      await bot.bot.poller.pollOnce();
      bot.bot.sender.kick();
      await bot.bot.sender.idle();
    }
    expect(await b.bot.poller.pollOnce()).toBeNull();
    expect(alertsOf(a, id)).toHaveLength(1);

    // A clean shutdown gives the lease up: the other bot takes over at once and alerts what follows.
    await a.stopBot();
    const next = a.graphd.addJob('nba', { command: 'FLUSH', status: 'RUNNING' });
    expect(await b.bot.poller.pollOnce()).not.toBeNull();
    a.graphd.setJobStatus('nba', next, 'FAILED');
    await b.bot.poller.pollOnce();
    await b.bot.sender.idle();
    expect(alertsOf(a, next)).toHaveLength(1);
    expect(alertsOf(a, id)).toHaveLength(1);
  });

  it('commits nothing from a poll that outlived its lease: the new holder alerts, once', async () => {
    let clock = Date.now();
    const now = (): Date => new Date(clock);
    // A long statement timeout, so the hung SHOW JOBS outlives the lease rather than timing out.
    const env = { NEBULA_TIMEOUT_MS: '120000' };
    const a = await first({ env, bot: { now, leaseHolder: 'host-a:4242:aaaa1111' } });
    const id = a.graphd.addJob('nba', { command: 'STATS', status: 'RUNNING' });
    expect(await a.bot.poller.pollOnce()).not.toBeNull(); // the baseline
    const b = await another(a, { env, bot: { now, leaseHolder: 'host-b:4242:bbbb2222' } });

    a.graphd.setJobStatus('nba', id, 'FAILED');
    a.graphd.hang(/SHOW JOBS/, { applyEffects: true, times: 1 });
    const from = a.graphd.mark();
    const stalled = a.bot.poller.pollOnce();
    await a.graphd.waitForStatement(/SHOW JOBS/, { from });

    // Long past A's lease: B takes over, sees the failure and alerts.
    clock += 11 * 60_000;
    expect(await b.bot.poller.pollOnce()).toMatchObject({ outbox: 1 });
    await b.bot.sender.idle();
    expect(alertsOf(a, id)).toHaveLength(1);

    // A's graphd answers at last; what A would write now is stale and must not be written.
    a.graphd.releaseHung();
    expect(await stalled).toMatchObject({ outbox: 0, rowsWritten: 0 });
    expect(a.logs.some((line) => line.includes('"poll.lease_lost"'))).toBe(true);
    a.bot.sender.kick();
    await a.bot.sender.idle();
    b.bot.sender.kick();
    await b.bot.sender.idle();
    expect(alertsOf(a, id)).toHaveLength(1);
  });
});
