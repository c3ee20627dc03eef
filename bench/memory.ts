import { startBotProcess, startFakes } from './processes';

/** Peak RSS (VmHWM) of the built bot tracking 100 spaces × 1,000 jobs over several polls. */
export async function peakRss(): Promise<{ jobs: number; peakRssMb: number; polls: number }> {
  const fakes = await startFakes('scale');
  const spaces = Array.from({ length: 100 }, (_, i) => `space${i}`);
  const bot = await startBotProcess(fakes, spaces, { POLL_SCHEDULE: '*/2 * * * * *' });
  try {
    const polls = 5;
    await fakes.ask({ type: 'wait-statements', pattern: 'SHOW JOBS', count: spaces.length * polls });
    return { jobs: spaces.length * 1000, peakRssMb: bot.peakRssMb(), polls };
  } finally {
    await bot.stop();
    await fakes.stop();
  }
}
