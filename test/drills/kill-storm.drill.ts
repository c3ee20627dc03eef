import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRandom } from '../../src/demo/simulated-cluster';
import { openDatabase } from '../../src/store/database';
import { SubscriptionRepository } from '../../src/store/subscription-repository';
import { BotProcess } from '../support/bot-process';
import { FakeGraphd } from '../support/graphd';
import { type ApiCall, SlackFake } from '../support/slack-fake';

const SPACES = ['storm_a', 'storm_b', 'storm_c'];
const CHANNELS = ['CSTORM1', 'CSTORM2'];
/** How long after Slack accepted a message a kill can still make the bot send it again. */
const CRASH_WINDOW_MS = 1000;

/** Job ids a message alerts: one per alert, several per digest. */
function alertedIds(call: ApiCall): number[] {
  const text = String(call.args.text ?? '');
  const alert = /^Job (\d+) \(\w+\) in \w+ is (?:FAILED|STOPPED)/.exec(text);
  if (alert) return [Number(alert[1])];
  if (/jobs in \w+ failed or stopped/.test(text)) return [...JSON.stringify(call.args.blocks).matchAll(/\*(\d+)\*/g)].map((m) => Number(m[1]));
  return [];
}

/**
 * kill -9 the bot again and again while jobs fail, restart it on the same database, then count:
 * every transition alerted in every subscribed channel, duplicates only inside the crash window.
 * Also: graphd goes down in the middle and comes back, and Slack answers with a run of 429s.
 * A restarted bot takes the poller lease over only once the killed one's lapses (3 s here), so
 * each kill comes a few seconds after the new bot logged taking the lease.
 */
describe('drill: kill -9 during an alert storm, graphd restarting, Slack rate-limiting', () => {
  let graphd: FakeGraphd;
  let slack: SlackFake;
  let dir: string;
  let bot: BotProcess;

  beforeAll(async () => {
    graphd = await FakeGraphd.start();
    slack = await SlackFake.start();
    dir = mkdtempSync(join(tmpdir(), 'nebula-jobs-storm-'));
    const db = openDatabase(join(dir, 'bot.db'));
    const subscriptions = new SubscriptionRepository(db);
    for (const space of SPACES) {
      graphd.createSpace(space);
      graphd.addJobs(space, 60, () => ({ command: 'STATS', status: 'RUNNING' }));
      for (const channel of CHANNELS) subscriptions.subscribe(channel, { cluster: 'default', space }, ['FAILED', 'STOPPED'], 'UADMIN', new Date());
    }
    db.close();
  });

  afterAll(async () => {
    bot?.kill('SIGKILL');
    await bot?.exit().catch(() => undefined);
    await slack.close();
    await graphd.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const start = (): BotProcess => BotProcess.against({ graphdAddress: graphd.address, slackApiUrl: slack.apiUrl, dir }, { LOG_LEVEL: 'info', POLL_LEASE_SECONDS: '3' });
  const tookLease = (process: BotProcess): boolean => process.lines.some((line) => line.includes('"poller.lease_acquired"'));

  it('alerts every transition in every channel, duplicating only inside the crash window', async () => {
    const random = seededRandom(4242);
    bot = start();
    await graphd.waitForCount(/SHOW JOBS/, SPACES.length, 20_000); // baselines

    const expected = new Set<string>(); // `${space}:${id}`
    const idSpace = new Map<number, string>();
    const kills: number[] = [];
    const stormEnds = Date.now() + 40_000;
    let nextKill = Infinity; // armed once the running bot holds the lease
    let graphdBounced = false;
    let rateLimited = false;
    while (Date.now() < stormEnds) {
      const space = SPACES[Math.floor(random() * SPACES.length)];
      const running = graphd.jobs(space).filter((job) => job.status === 'RUNNING');
      if (running.length > 0) {
        const job = running[Math.floor(random() * running.length)];
        graphd.setJobStatus(space, job.id, random() < 0.7 ? 'FAILED' : 'STOPPED');
        expected.add(`${space}:${job.id}`);
        idSpace.set(job.id, space);
      }
      if (nextKill === Infinity && tookLease(bot)) nextKill = Date.now() + 3000 + random() * 2000;
      if (Date.now() >= nextKill) {
        kills.push(Date.now());
        bot.kill('SIGKILL');
        await bot.exit();
        bot = start();
        nextKill = Infinity;
      }
      if (!graphdBounced && Date.now() > stormEnds - 16_000) {
        // graphd goes away in the middle of polling and comes back two seconds later.
        graphdBounced = true;
        await graphd.stop();
        await new Promise((resolve) => setTimeout(resolve, 2000));
        await graphd.restart();
      }
      if (!rateLimited && Date.now() > stormEnds - 10_000) {
        rateLimited = true;
        slack.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 1 }, 15);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }

    // Everything expected reaches every channel (checked on each new post).
    const covered = (): boolean => CHANNELS.every((channel) => [...expected].every((key) => seenIn(channel).has(key)));
    const seenIn = (channel: string): Set<string> =>
      new Set(
        slack
          .callsTo('chat.postMessage')
          .filter((c) => c.status === 200 && c.args.channel === channel)
          .flatMap((c) => alertedIds(c).map((id) => `${idSpace.get(id)}:${id}`)),
      );
    const deadline = Date.now() + 60_000;
    while (!covered() && Date.now() < deadline) {
      await slack.waitForCall('chat.postMessage', () => true, { from: slack.calls.length, timeoutMs: 10_000 }).catch(() => undefined);
    }
    await graphd.waitForCount(/SHOW JOBS/, graphd.statementsMatching(/SHOW JOBS/).length + SPACES.length * 3, 30_000);

    expect(kills.length).toBeGreaterThanOrEqual(3);
    for (const channel of CHANNELS) {
      const missing = [...expected].filter((key) => !seenIn(channel).has(key));
      expect(missing).toEqual([]);
      const firstSeen = new Map<string, number>();
      const duplicates: Array<{ key: string; firstAt: number }> = [];
      for (const call of slack.callsTo('chat.postMessage').filter((c) => c.status === 200 && c.args.channel === channel)) {
        for (const id of alertedIds(call)) {
          const key = `${idSpace.get(id)}:${id}`;
          if (firstSeen.has(key)) duplicates.push({ key, firstAt: firstSeen.get(key) as number });
          else firstSeen.set(key, call.at);
        }
      }
      const outsideWindow = duplicates.filter((d) => !kills.some((kill) => kill >= d.firstAt && kill - d.firstAt <= CRASH_WINDOW_MS));
      expect(outsideWindow).toEqual([]);
      process.stdout.write(`${channel}: ${expected.size} transitions alerted, ${duplicates.length} duplicate(s) within the crash window, ${kills.length} kills\n`);
    }
    const outage = slack.callsTo('chat.postMessage').filter((c) => String(c.args.text ?? '').startsWith('Cannot reach NebulaGraph'));
    const back = slack.callsTo('chat.postMessage').filter((c) => String(c.args.text ?? '') === 'NebulaGraph is reachable again');
    expect(back.length).toBe(outage.length);
    expect(slack.callsTo('chat.postMessage').filter((c) => c.status === 429).length).toBeGreaterThan(0);
  }, 180_000);
});
