import { startBotProcess, startFakes } from './processes';
import { type Summary, summary } from './stats';

const SAMPLES = 8;

/** From a job turning FAILED in graphd to its alert reaching Slack, with a 1-second schedule. */
export async function alertLatency(): Promise<{ scheduleMs: number; latency: Summary; maxMs: number }> {
  const fakes = await startFakes('ack');
  const bot = await startBotProcess(fakes, ['nba'], { POLL_SCHEDULE: '* * * * * *' });
  try {
    const { latencies } = await fakes.ask<{ latencies: number[] }>({ type: 'alert-latency', samples: SAMPLES });
    return { scheduleMs: 1000, latency: summary(latencies), maxMs: Math.round(Math.max(...latencies)) };
  } finally {
    await bot.stop();
    await fakes.stop();
  }
}
