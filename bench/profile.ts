import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { type AckKind, type Measured, measure, userOf } from './ack-latency';
import { type CpuProfile, type ProfileSummary, type SelfTime, summarise } from './cpu-profile-summary';
import { affinityOf, PINNED, type Placement, pinningUnavailable, pinThisProcess, UNPINNED } from './pinning';
import { startBotProcess, startFakes } from './processes';
import { type Summary, summary } from './stats';

/**
 * `npm run bench:profile`: where the bot's main thread (and its NebulaGraph client thread, and the
 * front thread that acks) spends CPU per request, at 50 concurrent, pinned as in the pinned ack figures. The bot and the bare
 * app run under `node --cpu-prof`, one process per request kind; only the samples taken while the
 * measured requests were in flight count (the profiles and process.hrtime share one clock).
 *
 * Flags: `--unpinned`; `--concurrency=N` (50); `--requests=N` (2000). Raw profiles go to
 * bench/profiles/ (open them in Chrome DevTools); the summary to bench/profile.json.
 */
const ROOT = join(__dirname, '..');
const WARM_UP = 1000;

interface Target {
  app: 'bot' | 'bare';
  kind: AckKind;
  /** The measured requests' window, process.hrtime in µs: re-read the raw profiles with it. */
  window: { fromUs: number; toUs: number };
  ack: Summary;
  answer?: Summary;
  mainThread: ProfileSummary;
  clientThread?: ProfileSummary;
  frontThread?: ProfileSummary;
}

function flag(name: string, fallback: number): number {
  const given = process.argv.find((arg) => arg.startsWith(`--${name}=`));
  return given ? Number(given.split('=')[1]) : fallback;
}

/** Main thread first (thread id 0 in the file name `CPU.<date>.<time>.<pid>.<tid>.<seq>.cpuprofile`). */
function profilesIn(dir: string): Array<{ threadId: number; profile: CpuProfile }> {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.cpuprofile'))
    .map((file) => ({ threadId: Number(file.split('.')[4]), profile: JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile }))
    .sort((a, b) => a.threadId - b.threadId);
}

async function profileOne(placement: Placement, app: 'bot' | 'bare', kind: AckKind, concurrency: number, requests: number): Promise<Target> {
  const dir = join(__dirname, 'profiles', placement.mode, `${app}-${kind}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const fakes = await startFakes('ack', placement.loadCpus);
  const nodeFlags = ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=250'];
  const child = await startBotProcess(fakes, [], app === 'bot' ? { DEFAULT_SPACE: 'nba' } : {}, { bare: app === 'bare', cpus: placement.appCpus, nodeFlags });
  let measured: Measured;
  let fromUs: number;
  let toUs: number;
  try {
    process.stdout.write(`  ${app} ${kind}: CPUs ${affinityOf(child.pid)}, load generator ${affinityOf(process.pid)}, fakes ${affinityOf(fakes.pid)}\n`);
    const user = userOf(fakes, child.port);
    await measure(user, fakes, kind, concurrency, app === 'bot', WARM_UP);
    fromUs = Number(process.hrtime.bigint() / 1000n);
    measured = await measure(user, fakes, kind, concurrency, app === 'bot', requests);
    toUs = Number(process.hrtime.bigint() / 1000n);
  } finally {
    await child.stop(); // the profiles are written as the process exits
    await fakes.stop();
  }
  // Worker threads are numbered as they start: the cluster's client thread, then the front thread.
  const [main, ...workers] = profilesIn(dir);
  if (main?.threadId !== 0) throw new Error(`no main-thread profile in ${dir}`);
  return {
    app,
    kind,
    window: { fromUs, toUs },
    ack: summary(measured.acks),
    ...(app === 'bot' ? { answer: summary(measured.answers) } : {}),
    mainThread: summarise(main.profile, fromUs, toUs, requests, ROOT),
    ...(workers[0] ? { clientThread: summarise(workers[0].profile, fromUs, toUs, requests, ROOT, 10) } : {}),
    ...(workers[1] ? { frontThread: summarise(workers[1].profile, fromUs, toUs, requests, ROOT, 10) } : {}),
  };
}

function print(title: string, rows: SelfTime[], limit: number): void {
  process.stdout.write(`    ${title}\n`);
  for (const row of rows.slice(0, limit)) process.stdout.write(`      ${String(row.usPerRequest).padStart(6)} µs  ${(row.share * 100).toFixed(1).padStart(5)}%  ${row.name}\n`);
}

async function main(): Promise<void> {
  const unavailable = process.argv.includes('--unpinned') ? 'asked for --unpinned' : pinningUnavailable();
  if (unavailable) process.stdout.write(`profiling unpinned: ${unavailable}\n`);
  const placement = unavailable ? UNPINNED : PINNED;
  const concurrency = flag('concurrency', 50);
  const requests = flag('requests', 2000);
  const startLoad = loadavg();
  const restore = placement.loadCpus ? pinThisProcess(placement.loadCpus) : () => undefined;
  const targets: Target[] = [];
  try {
    for (const app of ['bot', 'bare'] as const) for (const kind of ['command', 'click'] as const) targets.push(await profileOne(placement, app, kind, concurrency, requests));
  } finally {
    restore();
  }
  for (const t of targets) {
    const m = t.mainThread;
    process.stdout.write(
      `\n${t.app} ${t.kind} ×${concurrency} ${placement.mode}, ${requests} requests: ack p50/p99 ${t.ack.p50}/${t.ack.p99} ms${t.answer ? `, answer p50/p99 ${t.answer.p50}/${t.answer.p99} ms` : ''} (under the profiler)\n`,
    );
    process.stdout.write(`  main thread: ${m.busyUsPerRequest} µs busy per request (${(m.busyShare * 100).toFixed(0)}% of the window), GC ${m.gcUsPerRequest} µs\n`);
    if (t.clientThread) process.stdout.write(`  client thread: ${t.clientThread.busyUsPerRequest} µs busy per request, GC ${t.clientThread.gcUsPerRequest} µs\n`);
    if (t.frontThread) process.stdout.write(`  front thread (acks): ${t.frontThread.busyUsPerRequest} µs busy per request, GC ${t.frontThread.gcUsPerRequest} µs\n`);
    print('self time by module', m.modules, 12);
    print('self time by function', m.functions, 15);
    print('inclusive, by the package or bot file nearest on the stack', m.byCaller, 12);
    if (t.app === 'bot') print("under the bot's own nearest function (inclusive)", m.nearestBotFrame, 12);
  }
  const result = {
    measuredAt: new Date().toISOString(),
    node: process.version,
    mode: placement.mode,
    concurrency,
    requests,
    loadAverage: { atStart: startLoad, atEnd: loadavg() },
    targets,
  };
  writeFileSync(join(__dirname, 'profile.json'), `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write('\nwritten to bench/profile.json; raw profiles in bench/profiles/\n');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench:profile failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
