import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ackLatency } from './ack-latency';
import { alertLatency } from './alert-latency';
import { peakRss } from './memory';
import { pollCycle } from './poll-cycle';

/**
 * `npm run bench`: every figure measured side by side in one run, printed as a table and written
 * to bench/results.json with the targets it is held to.
 */
interface Check {
  figure: string;
  value: string;
  target: string;
  ok: boolean;
}

async function main(): Promise<void> {
  const checks: Check[] = [];
  const started = Date.now();

  process.stdout.write('ack latency (slash commands and clicks, bot vs bare Bolt)…\n');
  const acks = await ackLatency();
  for (const a of acks) {
    const atFifty = a.concurrency === 50;
    checks.push({
      figure: `ack ${a.kind} ×${a.concurrency}: p50/p95/p99 ms (bare p99)`,
      value: `${a.bot.p50} / ${a.bot.p95} / ${a.bot.p99} (${a.bare.p99}), ratio ${a.ratioP99}`,
      target: atFifty ? 'p99 < 100 ms, ≤ 1.5× bare' : 'p99 < 100 ms',
      ok: a.bot.p99 < 100 && (!atFifty || a.ratioP99 <= 1.5),
    });
  }

  process.stdout.write('poll cycle (100 spaces × 1,000 jobs)…\n');
  const poll = await pollCycle();
  checks.push({ figure: 'poll cycle vs raw SHOW JOBS fetch (ms)', value: `${poll.botCycleMs} vs ${poll.rawFetchMs}, ratio ${poll.ratio}`, target: '≤ 1.25×', ok: poll.ratio <= 1.25 });
  checks.push({ figure: 'SQLite rows written by an idle poll', value: String(poll.idleRowsWritten), target: '0', ok: poll.idleRowsWritten === 0 });
  checks.push({ figure: 'first (baseline) poll of 100,000 jobs (ms)', value: String(poll.baselineMs), target: 'reported', ok: true });

  process.stdout.write('alert latency (1 s schedule)…\n');
  const alert = await alertLatency();
  checks.push({
    figure: 'alert latency, job FAILED → Slack (ms), p50 / max',
    value: `${Math.round(alert.latency.p50)} / ${alert.maxMs}`,
    target: `< ${alert.scheduleMs + 1000}`,
    ok: alert.maxMs < alert.scheduleMs + 1000,
  });

  process.stdout.write('peak RSS (built bot tracking 100,000 jobs)…\n');
  const rss = await peakRss();
  checks.push({ figure: `peak RSS tracking ${rss.jobs} jobs (MB)`, value: String(rss.peakRssMb), target: '< 200', ok: rss.peakRssMb < 200 });

  const width = Math.max(...checks.map((c) => c.figure.length));
  const valueWidth = Math.max(...checks.map((c) => c.value.length));
  process.stdout.write(`\n${'figure'.padEnd(width)}  ${'measured'.padEnd(valueWidth)}  target\n`);
  for (const c of checks) process.stdout.write(`${c.figure.padEnd(width)}  ${c.value.padEnd(valueWidth)}  ${c.target} ${c.ok ? '✓' : '✗'}\n`);

  const results = {
    measuredAt: new Date().toISOString(),
    node: process.version,
    durationSeconds: Math.round((Date.now() - started) / 1000),
    ackLatency: acks,
    pollCycle: poll,
    alertLatency: alert,
    memory: rss,
    checks,
  };
  writeFileSync(join(__dirname, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`\nwritten to bench/results.json (${checks.filter((c) => !c.ok).length} target(s) missed)\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
