import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FakeGraphd } from '../test/support/graphd';
import { NODE_FLAGS } from './processes';

/**
 * One NebulaGraph client thread per cluster (the bot's design) against one thread shared by every
 * cluster's client: RSS and start-up cost with 1, 3 and 10 clusters, and the time of one poll of
 * every space. Each configuration runs in a fresh process under production's node flags, using the
 * built bot (dist/): per cluster, the bot's WorkerGraphClient; shared, the bot's NebulaClient ×N
 * in one worker thread speaking the same kind of messages. Typed jobs are decoded on the main
 * thread in both, as the bot does.
 *
 * `npm run build && node -r ts-node/register/transpile-only bench/cluster-threads.ts`
 * (BENCH_COUNTS=3,10 measures only those cluster counts).
 */

const ROOT = join(__dirname, '..');
const SPACES_PER_CLUSTER = 10;
const JOBS_PER_SPACE = 1000;
const COUNTS = (process.env.BENCH_COUNTS ?? '1,3,10').split(',').map(Number);
const MODES = ['thread-per-cluster', 'shared-thread'] as const;
type Mode = (typeof MODES)[number];

export interface ThreadResult {
  mode: Mode;
  clusters: number;
  /** The process before any client exists. */
  baselineRssMb: number;
  /** Every client connected (after a GC). */
  readyRssMb: number;
  /** From creating the clients to every one ready. */
  startupMs: number;
  /** One poll: SHOW JOBS of every space of every cluster, 4 at a time per cluster. */
  pollMs: number;
  /** Peak RSS of the process (VmHWM) after the poll. */
  peakRssMb: number;
}

/** Every cluster's NebulaClient in one thread: the alternative measured against the bot's design. */
const SHARED_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { NebulaClient } = require(workerData.dist + '/nebula/client/contained-client.js');
const silent = { debug() {}, info() {}, warn() {}, error() {}, child() { return silent; } };
const clients = workerData.servers.map((server) => new NebulaClient({ servers: [server], user: 'root', password: 'nebula', timeoutMs: 30000, logger: silent }));
clients.forEach((client, cluster) => client.onStateChange((h) => parentPort.postMessage({ type: 'state', cluster, state: h.state })));
parentPort.on('message', async (m) => {
  if (m.op === 'start') return clients.forEach((c) => void c.start());
  if (m.op === 'close') { await Promise.all(clients.map((c) => c.close())); return parentPort.postMessage({ type: 'closed' }); }
  try { parentPort.postMessage({ type: 'result', id: m.id, table: await clients[m.cluster].read(m.statement, m.context) }); }
  catch (e) { parentPort.postMessage({ type: 'error', id: m.id, message: e.message }); }
});
`;

/** The measured process: plain JavaScript over dist/, so no compiler runs inside it. */
const CHILD = String.raw`
const { Worker } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const dist = process.env.BENCH_DIST;
const { WorkerGraphClient } = require(dist + '/nebula/worker/worker-graph-client.js');
const { statements } = require(dist + '/nebula/statements.js');
const { toJobs } = require(dist + '/nebula/results.js');
const { eachConcurrently } = require(dist + '/scheduling/each-concurrently.js');
const config = JSON.parse(process.env.BENCH_CONFIG);
const silent = { debug() {}, info() {}, warn() {}, error() {}, child() { return silent; } };
const mb = (bytes) => Math.round(bytes / 1048576);
const rss = () => { global.gc(); return mb(process.memoryUsage().rss); };
const peak = () => Math.round(Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))[1]) / 1024);
const options = (server) => ({ servers: [server], user: 'root', password: 'nebula', timeoutMs: 30000 });

const SHARED = process.env.BENCH_SHARED;

function threadPerCluster() {
  const clients = config.servers.map((server) => new WorkerGraphClient({ ...options(server), maxOldGenerationSizeMb: 96, script: dist + '/nebula/worker/client-worker.js' }, silent));
  return {
    ready: () => Promise.all(clients.map((client) => new Promise((resolve) => { client.onStateChange((h) => h.state === 'ready' && resolve()); void client.start(); }))),
    read: (cluster, statement, context) => clients[cluster].read(statement, context),
    close: () => Promise.all(clients.map((c) => c.close())),
  };
}

function sharedThread() {
  const worker = new Worker(SHARED, { eval: true, workerData: { dist, servers: config.servers }, resourceLimits: { maxOldGenerationSizeMb: 96 } });
  const pending = new Map();
  let next = 0;
  let readyAll;
  const ready = new Set();
  const allReady = new Promise((resolve) => (readyAll = resolve));
  let closed;
  worker.on('message', (m) => {
    if (m.type === 'state' && m.state === 'ready') { ready.add(m.cluster); if (ready.size === config.servers.length) readyAll(); }
    if (m.type === 'closed') closed();
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    m.type === 'result' ? p.resolve(m.table) : p.reject(new Error(m.message));
  });
  return {
    ready: () => { worker.postMessage({ op: 'start' }); return allReady; },
    read: (cluster, statement, context) => new Promise((resolve, reject) => { next += 1; pending.set(next, { resolve, reject }); worker.postMessage({ id: next, cluster, statement, context }); }),
    close: async () => { const done = new Promise((r) => (closed = r)); worker.postMessage({ op: 'close' }); await done; await worker.terminate(); },
  };
}

// The bot's client threads do not hold the process open (worker.unref()); its server does. Here, this does.
setInterval(() => undefined, 60000);

(async () => {
  const baselineRssMb = rss();
  const started = performance.now();
  const clients = config.mode === 'shared-thread' ? sharedThread() : threadPerCluster();
  await clients.ready();
  const startupMs = Math.round(performance.now() - started);
  const readyRssMb = rss();
  const polled = performance.now();
  await Promise.all(config.servers.map((_, cluster) =>
    eachConcurrently(config.spaces, 4, async (space) => void toJobs(await clients.read(cluster, statements.showJobs(space), { space })))));
  const pollMs = Math.round(performance.now() - polled);
  const peakRssMb = peak();
  await clients.close();
  process.stdout.write(JSON.stringify({ baselineRssMb, readyRssMb, startupMs, pollMs, peakRssMb }) + '\n', () => process.exit(0));
})().catch((error) => { process.stderr.write(String(error && error.stack || error) + '\n'); process.exit(1); });
`;

async function measure(mode: Mode, graphds: FakeGraphd[], spaces: string[]): Promise<ThreadResult> {
  const child = spawn(process.execPath, [...NODE_FLAGS, '--expose-gc', '-e', CHILD], {
    env: {
      PATH: process.env.PATH ?? '',
      BENCH_DIST: join(ROOT, 'dist'),
      BENCH_SHARED: SHARED_WORKER,
      BENCH_CONFIG: JSON.stringify({ mode, spaces, servers: graphds.map((g) => ({ host: g.host, port: g.port })) }),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`cluster-threads child (${mode}, ${graphds.length}) exited with ${code}`);
  return { mode, clusters: graphds.length, ...(JSON.parse(out.trim().split('\n').at(-1) as string) as Omit<ThreadResult, 'mode' | 'clusters'>) };
}

export async function clusterThreads(rounds = 3): Promise<ThreadResult[]> {
  if (!existsSync(join(ROOT, 'dist', 'nebula', 'worker', 'client-worker.js'))) throw new Error('build first: npm run build');
  const graphds = await Promise.all(Array.from({ length: Math.max(...COUNTS) }, () => FakeGraphd.start()));
  const spaces = Array.from({ length: SPACES_PER_CLUSTER }, (_, i) => `space${i}`);
  const now = Date.now();
  for (const graphd of graphds) {
    for (const space of spaces) {
      graphd.createSpace(space);
      graphd.addJobs(space, JOBS_PER_SPACE, (i) => ({
        command: 'COMPACT',
        status: i % 13 === 0 ? 'FAILED' : 'FINISHED',
        startTime: new Date(now - (JOBS_PER_SPACE - i) * 300_000),
        stopTime: new Date(now - (JOBS_PER_SPACE - i) * 300_000 + 60_000),
      }));
    }
  }
  try {
    const results: ThreadResult[] = [];
    for (const clusters of COUNTS) {
      for (const mode of MODES) {
        // Median of a few fresh processes per figure, modes alternating.
        const runs: ThreadResult[] = [];
        for (let round = 0; round < rounds; round += 1) runs.push(await measure(mode, graphds.slice(0, clusters), spaces));
        const median = (pick: (r: ThreadResult) => number): number => runs.map(pick).sort((a, b) => a - b)[Math.floor(runs.length / 2)];
        results.push({
          mode,
          clusters,
          baselineRssMb: median((r) => r.baselineRssMb),
          readyRssMb: median((r) => r.readyRssMb),
          startupMs: median((r) => r.startupMs),
          pollMs: median((r) => r.pollMs),
          peakRssMb: median((r) => r.peakRssMb),
        });
      }
    }
    return results;
  } finally {
    await Promise.all(graphds.map((g) => g.close()));
  }
}

if (require.main === module) {
  clusterThreads().then(
    (results) => {
      process.stdout.write('mode                 clusters  baseline MB  ready MB  start-up ms  poll ms  peak RSS MB\n');
      for (const r of results) {
        process.stdout.write(
          `${r.mode.padEnd(20)} ${String(r.clusters).padStart(8)}  ${String(r.baselineRssMb).padStart(11)}  ${String(r.readyRssMb).padStart(8)}  ${String(r.startupMs).padStart(11)}  ${String(r.pollMs).padStart(7)}  ${String(r.peakRssMb).padStart(11)}\n`,
        );
      }
      process.stdout.write(`${JSON.stringify(results)}\n`);
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(`cluster-threads failed: ${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
