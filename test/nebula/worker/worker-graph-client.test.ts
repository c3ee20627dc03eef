import type { Worker } from 'node:worker_threads';
import { JobsError } from '../../../src/jobs/jobs-error';
import { createLogger } from '../../../src/logging/logger';
import { statements } from '../../../src/nebula/statements';
import { WorkerGraphClient } from '../../../src/nebula/worker/worker-graph-client';
import { FakeGraphd } from '../../support/graphd';
import { builtFile } from '../../support/test-build';

describe('WorkerGraphClient (the NebulaGraph client in its own thread)', () => {
  let graphd: FakeGraphd;
  let client: WorkerGraphClient;
  const logs: string[] = [];

  beforeEach(async () => {
    graphd = await FakeGraphd.start();
    graphd.createSpace('nba');
    client = new WorkerGraphClient(
      {
        servers: [{ host: graphd.host, port: graphd.port }],
        user: 'root',
        password: 'nebula',
        timeoutMs: 1000,
        reconnectGraceMs: 200,
        retryDelayMs: 10,
        script: builtFile('nebula/worker/client-worker'),
      },
      createLogger({ level: 'debug', write: (line) => logs.push(line) }),
    );
  });

  afterEach(async () => {
    await client.close();
    await graphd.close();
  });

  it('reads through the worker and reports its state and logs to this thread', async () => {
    graphd.addJob('nba', { command: 'COMPACT', status: 'FINISHED' });
    const seen: string[] = [];
    client.onStateChange((health) => seen.push(health.state));
    const table = await client.read(statements.showJobs('nba'), { space: 'nba' });
    expect(table?.columns).toEqual(['Job Id', 'Command', 'Status', 'Start Time', 'Stop Time']);
    expect(table?.rows[0][1]).toBe('COMPACT');
    expect(seen).toContain('ready');
    expect(client.health()).toMatchObject({ state: 'ready', homeSpace: 'nba' });
  });

  it('passes failures back as the same plain-words errors', async () => {
    const error = await client.read(statements.showJob('nba', 42), { space: 'nba', jobId: 42 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobsError);
    expect((error as JobsError).kind).toBe('job-not-found');
  });

  it('reports a mutation as outcome unknown when the thread dies, and starts a new one', async () => {
    await client.read(statements.showJobs('nba'));
    const id = graphd.addJob('nba', { command: 'STATS', status: 'RUNNING' });
    graphd.hang(/STOP JOB/, { applyEffects: true });
    const pending = client.mutate(statements.stopJob('nba', id), { space: 'nba', jobId: id }).catch((e: unknown) => e);
    await graphd.waitForStatement(/STOP JOB/);
    await (client as unknown as { worker: Worker }).worker.terminate(); // a crash, as an OOM would be
    const error = (await pending) as JobsError;
    expect(error.kind).toBe('outcome-unknown');
    expect(logs.some((line) => line.includes('nebula.worker_lost'))).toBe(true);
    graphd.releaseHung();
    expect((await client.read(statements.showJobs('nba')))?.rows).toHaveLength(1);
    expect(graphd.statementsMatching(/STOP JOB/)).toHaveLength(1);
  });
});
