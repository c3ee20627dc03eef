import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/store/database';
import { LeaseRepository } from '../../src/store/lease-repository';
import { SubscriptionRepository } from '../../src/store/subscription-repository';
import { BotProcess } from '../support/bot-process';
import { FakeGraphd } from '../support/graphd';
import { SlackFake } from '../support/slack-fake';

/**
 * The "done when": with a 1-second schedule, a job forced to FAILED yields exactly one
 * alert per subscribed channel within about two seconds, also after kill -9 and a restart. The
 * restarted process cannot tell a crashed holder from a live one elsewhere, so it takes the poller
 * lease over only once the lease lapses (POLL_LEASE_SECONDS, shortened here).
 */
describe('alerts from a real bot process, across kill -9', () => {
  let graphd: FakeGraphd;
  let slack: SlackFake;
  let dir: string;
  let bot: BotProcess | null = null;

  beforeAll(async () => {
    graphd = await FakeGraphd.start();
    graphd.createSpace('nba');
    slack = await SlackFake.start();
    dir = mkdtempSync(join(tmpdir(), 'nebula-jobs-crash-'));
    const db = openDatabase(join(dir, 'bot.db'));
    const subscriptions = new SubscriptionRepository(db);
    for (const channel of ['C1', 'C2']) subscriptions.subscribe(channel, { cluster: 'default', space: 'nba' }, ['FAILED', 'STOPPED'], 'UADMIN', new Date());
    db.close();
  });

  afterAll(async () => {
    if (bot) {
      bot.kill('SIGKILL');
      await bot.exit();
    }
    await slack.close();
    await graphd.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const readLease = (): { holder: string; expiresAt: Date; term: number } => {
    const db = openDatabase(join(dir, 'bot.db'));
    try {
      return new LeaseRepository(db).holder('poller') as { holder: string; expiresAt: Date; term: number };
    } finally {
      db.close();
    }
  };

  const startBot = (): BotProcess => BotProcess.against({ graphdAddress: graphd.address, slackApiUrl: slack.apiUrl, dir }, { POLL_LEASE_SECONDS: '4' });

  const alertsFor = (id: number, channel: string): number =>
    slack.callsTo('chat.postMessage').filter((c) => c.status === 200 && c.args.channel === channel && JSON.stringify(c.args).includes(`Job ${id} FAILED`)).length;

  /** Fails a job the bot has seen RUNNING and waits for its alert in both channels (how fast: `npm run bench`, alert latency). */
  async function failJob(): Promise<{ id: number }> {
    const id = graphd.addJob('nba', { command: 'STATS', status: 'RUNNING' });
    const from = graphd.mark();
    // Let the bot see it RUNNING first, so this is a transition rather than a first sighting.
    await graphd.waitForStatement(/SHOW JOBS/, { from, timeoutMs: 5000 });
    await graphd.waitForStatement(/SHOW JOBS/, { from: graphd.mark(), timeoutMs: 5000 });
    graphd.setJobStatus('nba', id, 'FAILED');
    await Promise.all(
      ['C1', 'C2'].map((channel) =>
        slack.waitForCall('chat.postMessage', (c) => c.args.channel === channel && JSON.stringify(c.args).includes(`Job ${id} FAILED`), { timeoutMs: 20_000 }),
      ),
    );
    return { id };
  }

  it('alerts once per channel, before and after kill -9', async () => {
    bot = startBot();
    await bot.waitForLine(/"bot.started"/);
    await bot.waitForLine(/"poller.lease_acquired"/);
    await graphd.waitForStatement(/SHOW JOBS/, { timeoutMs: 10_000 }); // the baseline poll

    const first = await failJob();
    // Both alerts recorded as sent: a kill now is outside the crash window.
    await bot.waitForLines(/"outbox.sent"/, 2);

    const killedHolder = JSON.parse(await bot.waitForLine(/"poller.lease_acquired"/)) as { holder: string; term: number };
    bot.kill('SIGKILL');
    expect((await bot.exit()).signal).toBe('SIGKILL');
    // The killed process's lease runs on: the new one takes over only once it lapses, in the next term.
    const left = readLease();
    expect(left).toMatchObject({ holder: killedHolder.holder, term: killedHolder.term });
    bot = startBot();
    await bot.waitForLine(/"bot.started"/);
    const acquired = JSON.parse(await bot.waitForLine(/"poller.lease_acquired"/, 30_000)) as { time: string; term: number };
    expect(acquired.term).toBe(killedHolder.term + 1);
    expect(Date.parse(acquired.time)).toBeGreaterThanOrEqual(left.expiresAt.getTime());
    const afterRestart = graphd.mark();
    await graphd.waitForStatement(/SHOW JOBS/, { from: afterRestart, timeoutMs: 10_000 });
    await graphd.waitForStatement(/SHOW JOBS/, { from: graphd.mark(), timeoutMs: 5000 });

    const second = await failJob();
    await graphd.waitForStatement(/SHOW JOBS/, { from: graphd.mark(), timeoutMs: 5000 });
    for (const channel of ['C1', 'C2']) {
      expect(alertsFor(first.id, channel)).toBe(1);
      expect(alertsFor(second.id, channel)).toBe(1);
    }

    bot.kill('SIGTERM');
    const exit = await bot.exit();
    expect(exit.code).toBe(0);
    expect(bot.lines.some((line) => line.includes('"bot.stopped"'))).toBe(true);
    bot = null;
  }, 90_000);
});
