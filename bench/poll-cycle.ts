import { createClient } from '@nebula-contrib/nebula-nodejs';
import { MAX_FOLLOWS } from '../src/alerts/follows';
import { quoteIdentifier } from '../src/nebula/statements';
import { eachConcurrently } from '../src/scheduling/each-concurrently';
import { type Harness, startHarness } from '../test/support/bot-harness';
import { FakeGraphd } from '../test/support/graphd';
import { seedCluster } from './seed';

export interface ClustersPollResult {
  clusters: number;
  spaces: number;
  jobs: number;
  baselineMs: number;
  botCycleMs: number;
  /** botCycleMs per space polled. */
  perSpaceMs: number;
  idleRowsWritten: number;
}

export interface PollResult {
  spaces: number;
  jobs: number;
  baselineMs: number;
  botCycleMs: number;
  rawFetchMs: number;
  ratio: number;
  idleRowsWritten: number;
  /** Stuck alerts queued by the poll after the baseline (the `stuck` seed: one per space). */
  stuckAlerts: number;
  /** Watches beside each measured poll (the `stuck` seed: the bot's maximum), and the jobs the follower read for them. */
  watches: number;
  followerJobsRead: number;
}

const SPACES = 100;
const JOBS = 1000;
const ROUNDS = 7;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)] * 10) / 10;
}

/** The raw client running the same SHOW JOBS statements with the same pool and concurrency. */
async function rawFetch(graphd: FakeGraphd, spaces: string[]): Promise<number> {
  const client = createClient({ servers: [graphd.address], userName: 'root', password: 'nebula', space: spaces[0], poolSize: 2, executeTimeout: 30_000 }) as never as {
    execute(stmt: string): Promise<unknown>;
    close(): Promise<unknown>;
    on(event: string, listener: () => void): void;
  };
  await new Promise<void>((resolve) => client.on('ready', () => resolve()));
  const rounds: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const started = performance.now();
    await eachConcurrently(spaces, 4, async (space) => void (await client.execute(`USE ${quoteIdentifier(space)}; SHOW JOBS`)));
    rounds.push(performance.now() - started);
  }
  await client.close();
  return median(rounds.slice(1));
}

/** The bot's maximum of followed jobs: two watchers on each space's running job, each with a message to redraw. */
function watchEveryRunningJob(h: Harness, graphd: FakeGraphd, spaces: string[]): number {
  const now = new Date();
  let watches = 0;
  spaces.forEach((space, i) => {
    const running = graphd.jobs(space).find((job) => job.status === 'RUNNING');
    if (!running) return;
    for (const userId of ['UWATCH1', 'UWATCH2'].slice(0, Math.min(2, MAX_FOLLOWS - watches))) {
      const { watch } = h.bot.deps.follows.addWatch({
        cluster: 'default',
        space,
        jobId: running.id,
        command: running.type,
        userId,
        notify: { channel: userId, threadTs: null },
        startedAt: now,
        until: new Date(now.getTime() + 86_400_000),
      });
      h.bot.deps.follows.attachWatchMessage(watch.id, { channel: userId, ts: `1700000000.${String(i).padStart(6, '0')}` });
      watches += 1;
    }
  });
  return watches;
}

/**
 * One poll over 100 spaces × 1,000 jobs, next to the bare fetch it cannot avoid. `stuck`: every
 * space has a job running far longer than usual, alerted by the poll after the baseline; the
 * measured polls then judge it (and the jobs queued behind it) again without writing, while the
 * job follower reads and redraws 200 watched jobs beside them.
 */
export async function pollCycle(options: { stuck?: boolean } = {}): Promise<PollResult> {
  const graphd = await FakeGraphd.start();
  const spaces = seedCluster(graphd, SPACES, JOBS, options);
  const h: Harness = await startHarness({ graphdInstance: graphd, env: { NEBULA_TIMEOUT_MS: '30000' } });
  try {
    for (const space of spaces) h.bot.deps.subscriptions.subscribe('CBENCH', { cluster: 'default', space }, ['FAILED', 'STOPPED', 'STUCK'], 'UADMIN', new Date());
    let started = performance.now();
    await h.bot.poller.pollOnce();
    const baselineMs = Math.round(performance.now() - started);
    // The stuck jobs are alerted by the first poll after the baseline; the measured ones are idle.
    const stuckAlerts = options.stuck ? ((await h.bot.poller.pollOnce())?.outbox ?? 0) : 0;
    await h.bot.sender.idle();
    const watches = options.stuck ? watchEveryRunningJob(h, graphd, spaces) : 0;
    let followerJobsRead = 0;
    const cycles: number[] = [];
    let idleRowsWritten = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      started = performance.now();
      const following = watches > 0 ? h.bot.follower.runOnce() : Promise.resolve(null);
      const report = await h.bot.poller.pollOnce();
      cycles.push(performance.now() - started);
      followerJobsRead = Math.max(followerJobsRead, (await following)?.jobsRead ?? 0);
      idleRowsWritten = Math.max(idleRowsWritten, report?.rowsWritten ?? Number.NaN);
    }
    const rawFetchMs = await rawFetch(graphd, spaces);
    const botCycleMs = median(cycles.slice(1));
    return {
      spaces: SPACES,
      jobs: SPACES * JOBS,
      baselineMs,
      botCycleMs,
      rawFetchMs,
      ratio: Math.round((botCycleMs / rawFetchMs) * 100) / 100,
      idleRowsWritten,
      stuckAlerts,
      watches,
      followerJobsRead,
    };
  } finally {
    await h.close();
    await graphd.close();
  }
}

/**
 * The same poll over 3 clusters (three fake graphds) × 100 spaces × 1,000 jobs: each cluster has
 * its own client thread and its own poll slots, so the cost per space is the figure to compare.
 */
export async function pollCycleClusters(clusterCount = 3): Promise<ClustersPollResult> {
  const graphds = await Promise.all(Array.from({ length: clusterCount }, () => FakeGraphd.start()));
  const names = graphds.map((_, i) => `c${i + 1}`);
  const spaces = graphds.map((graphd) => seedCluster(graphd));
  const h: Harness = await startHarness({ clusters: Object.fromEntries(names.map((name, i) => [name, graphds[i]])), env: { NEBULA_TIMEOUT_MS: '30000' } });
  try {
    names.forEach((cluster, i) => {
      for (const space of spaces[i]) h.bot.deps.subscriptions.subscribe('CBENCH', { cluster, space }, ['FAILED', 'STOPPED'], 'UADMIN', new Date());
    });
    let started = performance.now();
    await h.bot.poller.pollOnce();
    const baselineMs = Math.round(performance.now() - started);
    const cycles: number[] = [];
    let idleRowsWritten = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      started = performance.now();
      const report = await h.bot.poller.pollOnce();
      cycles.push(performance.now() - started);
      idleRowsWritten = Math.max(idleRowsWritten, report?.rowsWritten ?? Number.NaN);
    }
    const botCycleMs = median(cycles.slice(1));
    const total = SPACES * clusterCount;
    return { clusters: clusterCount, spaces: total, jobs: total * JOBS, baselineMs, botCycleMs, perSpaceMs: Math.round((botCycleMs / total) * 100) / 100, idleRowsWritten };
  } finally {
    await h.close();
    await Promise.all(graphds.map((g) => g.close()));
  }
}
