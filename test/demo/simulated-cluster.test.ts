import { DEMO_SPACES, SimulatedCluster, seededRandom } from '../../src/demo/simulated-cluster';
import { JobsError } from '../../src/jobs/jobs-error';
import { type Harness, startHarness } from '../support/bot-harness';

describe("the demo's simulated cluster", () => {
  let clock = Date.parse('2026-11-25T12:00:00Z');
  const cluster = (): SimulatedCluster => new SimulatedCluster(() => new Date(clock), seededRandom(42));

  it('starts with spaces, a few days of history, one running and one queued job per space', async () => {
    const sim = cluster();
    expect(await sim.listSpaces()).toEqual([...DEMO_SPACES].sort());
    for (const space of DEMO_SPACES) {
      const jobs = await sim.listJobs({ cluster: 'default', space });
      expect(jobs.length).toBeGreaterThan(25);
      expect(jobs.filter((j) => j.status === 'RUNNING')).toHaveLength(1);
      expect(jobs.some((j) => j.status === 'FAILED')).toBe(true);
      expect(jobs.map((j) => j.id)).toEqual([...jobs.map((j) => j.id)].sort((a, b) => b - a));
    }
  });

  it('moves jobs over time: running ones end, queued ones start, one at a time per space', async () => {
    const sim = cluster();
    const space = DEMO_SPACES[0];
    const before = await sim.listJobs({ cluster: 'default', space });
    clock += 10 * 60_000;
    sim.tick();
    clock += 10 * 60_000;
    sim.tick();
    const after = await sim.listJobs({ cluster: 'default', space });
    const running = before.find((j) => j.status === 'RUNNING');
    expect(after.find((j) => j.id === running?.id)?.status).toMatch(/FINISHED|FAILED/);
    expect(after.filter((j) => j.status === 'RUNNING').length).toBeLessThanOrEqual(1);
  });

  it("follows graphd's stop and recover rules", async () => {
    const sim = cluster();
    const space = DEMO_SPACES[1];
    const jobs = await sim.listJobs({ cluster: 'default', space });
    const finished = jobs.find((j) => j.status === 'FINISHED');
    await expect(sim.stopJob({ cluster: 'default', space }, finished?.id ?? 0)).rejects.toBeInstanceOf(JobsError);
    expect(await sim.recoverJob({ cluster: 'default', space }, finished?.id ?? 0)).toBe(0);
    const queued = jobs.find((j) => j.status === 'QUEUE');
    await sim.stopJob({ cluster: 'default', space }, queued?.id ?? 0);
    expect((await sim.showJob({ cluster: 'default', space }, queued?.id ?? 0)).job.status).toBe('STOPPED');
    expect(await sim.recoverJob({ cluster: 'default', space }, queued?.id ?? 0)).toBe(1);
    expect((await sim.showJob({ cluster: 'default', space }, queued?.id ?? 0)).job.status).toBe('QUEUE');
  });
  it('makes a job fail on demand: the running one, else a queued one, else a new one', async () => {
    const sim = cluster();
    const space = DEMO_SPACES[2];
    const running = (await sim.listJobs({ cluster: 'default', space })).find((j) => j.status === 'RUNNING');
    expect(sim.makeJobFail(space)).toBe(running?.id);
    const failed = await sim.showJob({ cluster: 'default', space }, running?.id ?? 0);
    expect(failed.job.status).toBe('FAILED');
    expect(failed.errorCode).not.toBe('SUCCEEDED');
    expect(failed.summary?.failed).toBe(1);
    const queued = (await sim.listJobs({ cluster: 'default', space })).find((j) => j.status === 'QUEUE');
    expect(sim.makeJobFail(space)).toBe(queued?.id);
    const fresh = sim.makeJobFail(space);
    expect((await sim.showJob({ cluster: 'default', space }, fresh)).job).toMatchObject({ command: 'STATS', status: 'FAILED' });
    expect(() => sim.makeJobFail('nope')).toThrow(JobsError);
  });
});

describe('the bot in demo mode', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('lists and details simulated jobs through the real Slack app', async () => {
    const sim = new SimulatedCluster(() => new Date(), seededRandom(7));
    h = await startHarness({
      bot: {
        cluster: {
          gateway: sim,
          health: () => [{ name: 'default', health: { state: 'ready', readyConnections: 0, homeSpace: null, lastError: null, downSince: null, since: new Date() } }],
          close: async () => undefined,
        },
      },
    });
    expect(JSON.stringify((await h.command('spaces')).body)).toContain('`demo_social`');
    const listed = JSON.stringify((await h.command('list demo_fraud status=failed')).body);
    expect(listed).toContain('Jobs in demo_fraud');
    expect(listed).toContain(':x: FAILED');
    expect(h.graphd.statements()).toEqual([]); // NebulaGraph is not involved at all
  });
});
