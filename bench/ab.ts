import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { type AckKind, measure, measureWithCpu, userOf } from './ack-latency';
import { PINNED, pinningUnavailable, pinThisProcess, UNPINNED } from './pinning';
import { type BotChild, startBotProcess, startFakes } from './processes';
import { medianOf, type Summary, summary } from './stats';

/**
 * `npm run bench:ab -- --base=<dir>`: this build of the bot against another (a checkout of an
 * earlier commit, built with `npm run build`), side by side in one run, rounds alternating base,
 * this build and bare Bolt so that all three meet the same moments of a shared machine. Reports
 * ack p50/p99 and the CPU each bot process spent per request (all threads), which a busy machine
 * disturbs far less than latency.
 *
 * Flags: `--base=<dir>` (required: the directory holding the other build's dist/);
 * `--kinds=command,click`; `--concurrency=1,10,50`; `--rounds=3`; `--requests=1000`; `--unpinned`.
 */
function flag(name: string, fallback: string): string {
  const given = process.argv.find((arg) => arg.startsWith(`--${name}=`));
  return given ? given.slice(name.length + 3) : fallback;
}

interface Row {
  kind: AckKind;
  concurrency: number;
  app: 'base' | 'this' | 'bare';
  ack: Summary;
  answer?: Summary;
  cpuUsPerRequest: number;
  /** The main thread's share of it: the thread that acks. */
  mainCpuUsPerRequest: number;
}

async function main(): Promise<void> {
  const baseDir = flag('base', '');
  const baseMain = join(resolve(baseDir), 'dist', 'main.js');
  if (!baseDir || !existsSync(baseMain)) throw new Error(`--base=<dir> must hold a built bot (${baseMain} is missing)`);
  const kinds = flag('kinds', 'command,click').split(',') as AckKind[];
  const levels = flag('concurrency', '1,10,50').split(',').map(Number);
  const rounds = Number(flag('rounds', '3'));
  const requests = Number(flag('requests', '1000'));
  const unavailable = process.argv.includes('--unpinned') ? 'asked for --unpinned' : pinningUnavailable();
  const placement = unavailable ? UNPINNED : PINNED;
  const startLoad = loadavg().map((l) => l.toFixed(2));
  const restore = placement.loadCpus ? pinThisProcess(placement.loadCpus) : () => undefined;
  const rows: Row[] = [];
  try {
    const fakes = await startFakes('ack', placement.loadCpus);
    const apps: Array<{ app: Row['app']; child: BotChild }> = [
      { app: 'base', child: await startBotProcess(fakes, [], { DEFAULT_SPACE: 'nba' }, { cpus: placement.appCpus, main: baseMain }) },
      { app: 'this', child: await startBotProcess(fakes, [], { DEFAULT_SPACE: 'nba' }, { cpus: placement.appCpus }) },
      { app: 'bare', child: await startBotProcess(fakes, [], {}, { bare: true, cpus: placement.appCpus }) },
    ];
    try {
      for (const kind of kinds) {
        for (const concurrency of levels) {
          const acks = new Map<Row['app'], Summary[]>();
          const answers = new Map<Row['app'], Summary[]>();
          const cpu = new Map<Row['app'], number[]>();
          const mainCpu = new Map<Row['app'], number[]>();
          for (const { app, child } of apps) await measure(userOf(fakes, child.port), fakes, kind, concurrency, app !== 'bare', requests); // warm-up
          for (let round = 0; round < rounds; round += 1) {
            for (const { app, child } of apps) {
              const measured = await measureWithCpu(child, userOf(fakes, child.port), fakes, kind, concurrency, app !== 'bare', requests);
              cpu.set(app, [...(cpu.get(app) ?? []), measured.cpu.total]);
              mainCpu.set(app, [...(mainCpu.get(app) ?? []), measured.cpu.main]);
              acks.set(app, [...(acks.get(app) ?? []), summary(measured.acks)]);
              if (app !== 'bare') answers.set(app, [...(answers.get(app) ?? []), summary(measured.answers)]);
            }
          }
          const median = (values: number[] = []): number => Math.round([...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]);
          for (const { app } of apps) {
            rows.push({
              kind,
              concurrency,
              app,
              ack: medianOf(acks.get(app) ?? []),
              ...(answers.has(app) ? { answer: medianOf(answers.get(app) ?? []) } : {}),
              cpuUsPerRequest: median(cpu.get(app)),
              mainCpuUsPerRequest: median(mainCpu.get(app)),
            });
          }
          const [base, mine, bare] = rows.slice(-3);
          process.stdout.write(
            `${kind} ×${concurrency}: ack p50/p99 base ${base.ack.p50}/${base.ack.p99}, this ${mine.ack.p50}/${mine.ack.p99}, bare ${bare.ack.p50}/${bare.ack.p99} ms` +
              ` (p99 ratio to bare ${(base.ack.p99 / bare.ack.p99).toFixed(2)} → ${(mine.ack.p99 / bare.ack.p99).toFixed(2)});` +
              ` answer p50 ${base.answer?.p50} → ${mine.answer?.p50} ms; CPU/request ${base.cpuUsPerRequest} → ${mine.cpuUsPerRequest} µs, main thread ${base.mainCpuUsPerRequest} → ${mine.mainCpuUsPerRequest} µs (bare ${bare.cpuUsPerRequest}, ${bare.mainCpuUsPerRequest})\n`,
          );
        }
      }
    } finally {
      for (const { child } of apps) await child.stop();
      await fakes.stop();
    }
  } finally {
    restore();
  }
  process.stdout.write(
    `${placement.mode}; load average at start ${startLoad.join(' ')}, at end ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench:ab failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
