/** Percentile by nearest rank over a sample of milliseconds. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export interface Summary {
  p50: number;
  p95: number;
  p99: number;
  n: number;
}

export function summary(samples: number[]): Summary {
  const round = (n: number): number => Math.round(n * 100) / 100;
  return { p50: round(percentile(samples, 50)), p95: round(percentile(samples, 95)), p99: round(percentile(samples, 99)), n: samples.length };
}

/** Each percentile's median over several rounds; n counts every sample. */
export function medianOf(rounds: Summary[]): Summary {
  const median = (pick: (s: Summary) => number): number => percentile(rounds.map(pick), 50);
  return { p50: median((s) => s.p50), p95: median((s) => s.p95), p99: median((s) => s.p99), n: rounds.reduce((sum, s) => sum + s.n, 0) };
}

/** Runs `task` `total` times with `concurrency` in flight, returning each run's duration in ms. */
export async function timed(total: number, concurrency: number, task: (i: number) => Promise<void>): Promise<number[]> {
  const durations: number[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < total) {
      const i = next;
      next += 1;
      const started = performance.now();
      await task(i);
      durations.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return durations;
}
