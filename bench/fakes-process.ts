import { FakeGraphd } from '../test/support/graphd';
import { type ResponsePost, SlackFake } from '../test/support/slack-fake';
import { seedCluster } from './seed';

/**
 * The fake graphd and Slack in a process of their own, so their work is not timed against the
 * bot. Driven over IPC by the bench: `node … fakes-process.ts <ack|scale>`.
 */
type Request =
  | { type: 'wait-responses'; id: number; urls: string[] }
  | { type: 'wait-statements'; id: number; pattern: string; count: number }
  | { type: 'alert-latency'; id: number; samples: number }
  | { type: 'quit' };

async function main(): Promise<void> {
  const graphd = await FakeGraphd.start();
  const slack = await SlackFake.start();
  const mode = process.argv[2];
  if (mode === 'scale') seedCluster(graphd);
  else {
    graphd.createSpace('nba');
    graphd.addJobs('nba', 200, (i) => ({ command: ['COMPACT', 'STATS'][i % 2], status: i % 7 === 0 ? 'FAILED' : 'FINISHED' }));
  }
  const reply = (message: Record<string, unknown>): void => void process.send?.(message);

  // When each response_url POST arrived, on the monotonic clock every process on the machine shares
  // (process.hrtime), so the bench can time request → answer across processes.
  const arrivals = new Map<string, bigint>();
  const awaited = new Map<string, () => void>();
  slack.events.on('response', (post: ResponsePost) => {
    if (arrivals.has(post.url)) return;
    arrivals.set(post.url, process.hrtime.bigint());
    awaited.get(post.url)?.();
  });
  async function arrivalsOf(urls: string[], timeoutMs: number): Promise<string[]> {
    const missing = urls.filter((url) => !arrivals.has(url));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no response_url post within ${timeoutMs} ms for ${missing.filter((url) => !arrivals.has(url)).length} of ${urls.length} requests`)),
        timeoutMs,
      );
    });
    try {
      await Promise.race([Promise.all(missing.map((url) => new Promise<void>((resolve) => awaited.set(url, resolve)))), timeout]);
    } finally {
      clearTimeout(timer);
      for (const url of missing) awaited.delete(url);
    }
    const times = urls.map((url) => String(arrivals.get(url)));
    for (const url of urls) arrivals.delete(url);
    // Nobody reads the fake's record of bodies here: dropping it keeps this process small and its GC short.
    slack.responses.splice(0);
    return times;
  }

  async function alertLatency(samples: number): Promise<number[]> {
    const latencies: number[] = [];
    await graphd.waitForStatement(/SHOW JOBS/, { timeoutMs: 10_000 });
    for (let i = 0; i < samples; i += 1) {
      const id = graphd.addJob('nba', { command: 'STATS', status: 'RUNNING' });
      await graphd.waitForStatement(/SHOW JOBS/, { from: graphd.mark(), timeoutMs: 5000 });
      await graphd.waitForStatement(/SHOW JOBS/, { from: graphd.mark(), timeoutMs: 5000 });
      const failedAt = performance.now();
      graphd.setJobStatus('nba', id, 'FAILED');
      await slack.waitForCall('chat.postMessage', (c) => JSON.stringify(c.args).includes(`Job ${id} FAILED`), { timeoutMs: 10_000 });
      latencies.push(performance.now() - failedAt);
    }
    return latencies;
  }

  process.on('message', (request: Request) => {
    void (async () => {
      switch (request.type) {
        case 'wait-responses':
          return reply({ id: request.id, arrivals: await arrivalsOf(request.urls, 120_000) });
        case 'wait-statements':
          await graphd.waitForCount(new RegExp(request.pattern), request.count, 300_000);
          return reply({ id: request.id });
        case 'alert-latency':
          return reply({ id: request.id, latencies: await alertLatency(request.samples) });
        case 'quit':
          await slack.close();
          await graphd.close();
          process.exit(0);
      }
    })().catch((error: unknown) => reply({ id: (request as { id?: number }).id, error: String(error) }));
  });
  reply({ type: 'ready', graphd: graphd.address, apiUrl: slack.apiUrl, baseUrl: slack.baseUrl });
}

void main();
