import { showJob } from '../../src/jobs/show-job';
import { DEFAULT_STUCK_SETTINGS, type RunRecord, StuckRule } from '../../src/jobs/stuck-rule';
import { silentLogger } from '../../src/logging/logger';
import { NebulaClient } from '../../src/nebula/client/contained-client';
import { ClustersGateway } from '../../src/nebula/clusters-gateway';
import { FakeGraphd } from '../support/graphd';

/** A job's detail over the real client and the fake graphd, judged stuck by the rule lists use. */

const MIN = 60_000;
const HOUR = 60 * MIN;
const REF = { cluster: 'default', space: 'nba' };

describe('showJob', () => {
  const clock = Date.parse('2024-06-10T12:00:00Z');
  const now = (): Date => new Date(clock);
  let graphd: FakeGraphd;
  let client: NebulaClient;
  let gateway: ClustersGateway;
  /** Five COMPACT runs of 40m to 1h 10m: usually 40m–1h 10m, stuck past 3h 30m. */
  const history = new Map<string, RunRecord[]>([
    ['COMPACT', [40, 50, 60, 70, 45].map((m, i) => ({ jobId: i + 1, command: 'COMPACT', startedAt: clock - (i + 1) * 24 * HOUR, durationMs: m * MIN }))],
  ]);
  const reads: string[] = [];
  const rule = new StuckRule(DEFAULT_STUCK_SETTINGS, { runsOf: (ref) => (reads.push(ref.space), history) });

  beforeEach(async () => {
    reads.length = 0;
    graphd = await FakeGraphd.start({ now });
    graphd.createSpace('nba');
    client = new NebulaClient({ servers: [{ host: graphd.host, port: graphd.port }], user: 'root', password: 'nebula', timeoutMs: 10_000, logger: silentLogger });
    gateway = new ClustersGateway([{ name: 'default', client }]);
  });
  afterEach(async () => {
    await client.close();
    await graphd.close();
  });

  it('marks a job running longer than its kind usually takes here, and one queued behind it, as lists do', async () => {
    const running = graphd.addJob('nba', { command: 'COMPACT', status: 'RUNNING', startTime: new Date(clock - 4 * HOUR) });
    const queued = graphd.addJob('nba', { command: 'STATS', status: 'QUEUE' });
    expect((await showJob(gateway, REF, running, now, rule)).stuck).toEqual({
      kind: 'running',
      forMs: 4 * HOUR,
      limitMs: 210 * MIN,
      basis: 'history',
      usual: { lowMs: 40 * MIN, highMs: 70 * MIN, runs: 5 },
    });
    expect((await showJob(gateway, REF, queued, now, rule)).stuck).toEqual({ kind: 'queued', behind: running });
    expect(reads).toEqual(['nba', 'nba']);
  });

  it('marks nothing within the usual time, nor an ended job, nor without the rule', async () => {
    const running = graphd.addJob('nba', { command: 'COMPACT', status: 'RUNNING', startTime: new Date(clock - 3 * HOUR) });
    const queued = graphd.addJob('nba', { command: 'STATS', status: 'QUEUE' });
    const failed = graphd.addJob('nba', { command: 'COMPACT', status: 'FAILED', startTime: new Date(clock - 9 * HOUR), stopTime: new Date(clock - 8 * HOUR) });
    for (const id of [running, queued, failed]) expect((await showJob(gateway, REF, id, now, rule)).stuck).toBeUndefined();
    const stuck = graphd.addJob('nba', { command: 'COMPACT', status: 'RUNNING', startTime: new Date(clock - 9 * HOUR) });
    expect((await showJob(gateway, REF, stuck, now)).stuck).toBeUndefined();
  });
});
