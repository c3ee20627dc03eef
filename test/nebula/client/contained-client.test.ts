import { JobsError } from '../../../src/jobs/jobs-error';
import { createLogger, silentLogger } from '../../../src/logging/logger';
import { NebulaClient, type NebulaClientOptions } from '../../../src/nebula/client/contained-client';
import { ClusterJobs } from '../../../src/nebula/cluster-jobs';
import { statements } from '../../../src/nebula/statements';
import { FakeGraphd } from '../../support/graphd';

/** The contained client against the fake graphd: every pitfall of §2.13, one test each. */
describe('NebulaClient', () => {
  let graphd: FakeGraphd;
  let client: NebulaClient;

  function connect(overrides: Partial<NebulaClientOptions> = {}): NebulaClient {
    client = new NebulaClient({
      servers: [{ host: graphd.host, port: graphd.port }],
      user: 'root',
      password: 'nebula',
      timeoutMs: 500,
      logger: silentLogger,
      reconnectGraceMs: 200,
      retryDelayMs: 10,
      maxRetryDelayMs: 50,
      ...overrides,
    });
    return client;
  }

  function waitForState(state: string, timeoutMs = 5000): Promise<void> {
    if (client.health().state === state) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`never ${state}; is ${client.health().state}`)), timeoutMs);
      const off = client.onStateChange((health) => {
        if (health.state === state) {
          clearTimeout(timer);
          off();
          resolve();
        }
      });
    });
  }

  /** Resolves true if graphd sees a new TCP connection within the time, false otherwise. */
  function connectionWithin(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        graphd.events.off('connections', seen);
        resolve(false);
      }, ms);
      const seen = (open: number): void => {
        if (open === 0) return;
        clearTimeout(timer);
        graphd.events.off('connections', seen);
        resolve(true);
      };
      graphd.events.on('connections', seen);
    });
  }

  async function failure(promise: Promise<unknown>): Promise<JobsError> {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(JobsError);
    return error as JobsError;
  }

  beforeEach(async () => {
    graphd = await FakeGraphd.start();
    graphd.createSpace('nba');
    graphd.createSpace('ldbc');
  });

  afterEach(async () => {
    await client?.close();
    await graphd.close();
  });

  it('logs in once, picks a home space, and sends every statement with its own USE', async () => {
    const gateway = new ClusterJobs(connect({ preferredHomeSpace: 'ldbc' }));
    graphd.addJob('nba', { command: 'COMPACT', status: 'FINISHED' });
    const jobs = await gateway.listJobs('nba');
    expect(jobs.map((j) => j.command)).toEqual(['COMPACT']);
    expect(graphd.statements()).toEqual(['SHOW SPACES', 'SHOW HOSTS GRAPH', 'Use `ldbc`', 'Use `ldbc`', 'USE `nba`; SHOW JOBS']);
    expect(client.health()).toMatchObject({ state: 'ready', homeSpace: 'ldbc', readyConnections: 2, serverVersion: '3.8.0', serverNotes: [] });
    // The preflight session was signed out; only the pool's two remain.
    expect(graphd.activeSessions()).toBe(2);
  });

  it('reports a wrong password as rejected credentials, without a login loop', async () => {
    graphd.sessions.authorize = true;
    const error = await failure(connect({ password: 'wrong' }).read(statements.showJobs('nba'), { space: 'nba' }));
    expect(error.kind).toBe('nebula-credentials');
    expect(client.health().state).toBe('rejected');
    expect(graphd.activeSessions()).toBe(0);
    await graphd.waitForOpenConnections(0);
    expect(graphd.authentications.attempts).toBe(1);
  });

  it('reports an unreachable graphd as such, from the refused connection rather than a timeout', async () => {
    await graphd.stop();
    const error = await failure(connect().read(statements.showJobs('nba')));
    expect(error.kind).toBe('nebula-unreachable');
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('reports a slow answer as a timeout', async () => {
    await connect().read(statements.showJobs('nba'));
    graphd.hang(/SHOW JOBS/, { times: 1 });
    const error = await failure(client.read(statements.showJobs('nba')));
    expect(error.kind).toBe('nebula-timeout');
  });

  it('never parks a mutation while graphd is down, so nothing is replayed when it returns', async () => {
    await connect().read(statements.showJobs('nba'));
    const id = graphd.addJob('nba', { command: 'STATS', status: 'RUNNING' });
    await graphd.stop();
    await waitForState('reconnecting');
    const error = await failure(client.mutate(statements.stopJob('nba', id), { space: 'nba', jobId: id }));
    expect(['nebula-unreachable', 'nebula-busy']).toContain(error.kind);
    await graphd.restart();
    await waitForState('ready');
    await client.read(statements.showJobs('nba'));
    expect(graphd.statementsMatching(/STOP JOB/)).toEqual([]);
    expect(graphd.job('nba', id)?.status).toBe('RUNNING');
  });

  it('reports a mutation without an answer as outcome unknown and never resends it', async () => {
    await connect().read(statements.showJobs('nba'));
    const id = graphd.addJob('nba', { command: 'STATS', status: 'RUNNING' });
    graphd.hang(/STOP JOB/, { applyEffects: true });
    const error = await failure(client.mutate(statements.stopJob('nba', id), { space: 'nba', jobId: id }));
    expect(error.kind).toBe('outcome-unknown');
    graphd.releaseHung();
    await client.read(statements.showJob('nba', id));
    expect(graphd.statementsMatching(/STOP JOB/)).toHaveLength(1);
    expect(graphd.job('nba', id)?.status).toBe('STOPPED');
  });

  it('sends concurrent mutations each once or not at all: none is parked in the package buffer', async () => {
    // Two connections and five STOPs of different jobs at once on a slow graphd: the package would
    // park what finds no free connection and send it whenever one frees, even after its timeout.
    const gateway = new ClusterJobs(connect({ poolSize: 2, timeoutMs: 500, reconnectGraceMs: 2_000 }));
    await client.read(statements.showJobs('nba'));
    const ids = Array.from({ length: 5 }, () => graphd.addJob('nba', { command: 'STATS', status: 'RUNNING' }));
    graphd.latencyMs = 200;
    const from = graphd.mark();
    const outcomes = await Promise.all(
      ids.map((id) =>
        gateway.stopJob('nba', id).then(
          () => ({ id, kind: 'sent', message: '', at: new Date() }),
          (error: JobsError) => ({ id, kind: error.kind as string, message: error.message, at: new Date() }),
        ),
      ),
    );
    graphd.latencyMs = 0;
    // Anything the package still held would run before this read's answer.
    await client.read(statements.showJobs('nba'));
    await client.read(statements.showJobs('nba'));
    const received = (id: number) => graphd.statementsMatching(new RegExp(`STOP JOB ${id}$`), from);
    for (const outcome of outcomes) {
      if (outcome.kind === 'sent') {
        expect(received(outcome.id)).toHaveLength(1);
        expect(received(outcome.id)[0].at.getTime()).toBeLessThanOrEqual(outcome.at.getTime());
      } else {
        expect(outcome).toMatchObject({ kind: 'nebula-busy', message: expect.stringContaining('nothing was sent') });
        expect(received(outcome.id)).toEqual([]);
      }
    }
    expect(outcomes.filter((o) => o.kind === 'sent').length).toBeGreaterThanOrEqual(1);
    // At most one STOP per connection at a time: each reached graphd while at most one other was unanswered.
    const stops = graphd.statementsMatching(/STOP JOB/, from);
    for (const stop of stops) {
      const inFlight = stops.filter((other) => other !== stop && other.at <= stop.at && (other.answeredAt as Date) > stop.at);
      expect(inFlight.length).toBeLessThanOrEqual(1);
    }
  });

  it("reads graphd's release at connect and says once which 3.4–3.8 rules an older one does not follow", async () => {
    graphd.version = '3.2.0';
    const logs: string[] = [];
    connect({ logger: createLogger({ write: (line) => logs.push(line) }) });
    await client.read(statements.showJobs('nba'));
    expect(client.health().serverVersion).toBe('3.2.0');
    expect(client.health().serverNotes).toEqual(expect.arrayContaining([expect.stringContaining("each task row shows the task's own error code")]));
    const lines = logs.filter((line) => line.includes('"nebula.server_version"'));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'warn', version: '3.2.0', rules: 'NebulaGraph 3.4–3.8' });
    expect(new ClusterJobs(client).serverFacts()).toEqual({ version: '3.2.0', jobExpiryMs: 604_800_000 });
  });

  it('reports a mutation whose connection drops as outcome unknown', async () => {
    await connect({ timeoutMs: 1500 }).read(statements.showJobs('nba'));
    const id = graphd.addJob('nba', { command: 'STATS', status: 'RUNNING' });
    graphd.hang(/STOP JOB/, { applyEffects: true });
    const pending = failure(client.mutate(statements.stopJob('nba', id), { space: 'nba', jobId: id }));
    await graphd.waitForStatement(/STOP JOB/);
    graphd.dropConnections();
    const error = await pending;
    expect(error.kind).toBe('outcome-unknown');
  });

  it('rebuilds a wedged pool after repeated timeouts', async () => {
    await connect({ poolSize: 1, wedgedAfterTimeouts: 2 }).read(statements.showJobs('nba'));
    const logins = graphd.authentications.successes;
    graphd.hang(/SHOW JOBS/);
    expect((await failure(client.read(statements.showJobs('nba')))).kind).toBe('nebula-timeout');
    expect((await failure(client.read(statements.showJobs('nba')))).kind).toBe('nebula-timeout');
    graphd.clearFaults();
    const jobs = await new ClusterJobs(client).listJobs('nba');
    expect(jobs).toEqual([]);
    expect(graphd.authentications.successes).toBeGreaterThan(logins);
  });

  it('logs in again when graphd forgets the session, retrying a read once', async () => {
    await connect().read(statements.showJobs('nba'));
    graphd.killAllSessions();
    const from = graphd.mark();
    const data = await client.read(statements.showJobs('nba'), { space: 'nba' });
    expect(data).not.toBeNull();
    expect(graphd.log.slice(from).filter((e) => e.errorCode === -1002).length).toBeGreaterThanOrEqual(1);
  });

  it('stops and picks another home space when its home space is dropped, leaking no sessions', async () => {
    let clock = Date.now();
    await connect({ preferredHomeSpace: 'nba', now: () => new Date(clock) }).read(statements.showJobs('ldbc'));
    expect(client.health().homeSpace).toBe('nba');
    graphd.dropSpace('nba');
    graphd.dropConnections(); // the pool reconnects and its `Use nba` now fails
    await waitForState('unreachable');
    await graphd.waitForOpenConnections(0);
    // The sessions whose `Use` failed were signed out: no login loop, no leak.
    expect(graphd.activeSessions()).toBe(0);
    expect((await failure(client.read(statements.showJobs('ldbc')))).kind).toBe('space-not-found');
    clock += 60_000; // past the back-off
    const data = await client.read(statements.showJobs('ldbc'), { space: 'ldbc' });
    expect(data).not.toBeNull();
    expect(client.health().homeSpace).toBe('ldbc');
    expect(graphd.activeSessions()).toBe(2);
  });

  it('signs out the previous session when it reconnects, so restarts leak nothing', async () => {
    await connect().read(statements.showJobs('nba'));
    expect(graphd.activeSessions()).toBe(2);
    for (let round = 0; round < 3; round += 1) {
      graphd.dropConnections();
      await waitForState('reconnecting');
      await waitForState('ready');
    }
    await client.read(statements.showJobs('nba'));
    expect(graphd.activeSessions()).toBe(2);
  });

  it('dates an outage from its start, across failed reconnect attempts, and clears it when ready', async () => {
    let clock = Date.parse('2026-12-01T10:00:00Z');
    connect({ now: () => new Date(clock) });
    await client.read(statements.showJobs('nba'));
    expect(client.health().downSince).toBeNull();
    await graphd.stop();
    await waitForState('reconnecting');
    const wentDown = client.health().downSince;
    expect(wentDown?.toISOString()).toBe('2026-12-01T10:00:00.000Z');
    for (let attempt = 0; attempt < 3; attempt += 1) {
      clock += 60_000; // past the retry delay: every read tries to connect again
      expect((await failure(client.read(statements.showJobs('nba')))).kind).toBe('nebula-unreachable');
      expect(client.health().downSince).toEqual(wentDown);
    }
    await graphd.restart();
    clock += 60_000;
    await client.read(statements.showJobs('nba'));
    expect(client.health()).toMatchObject({ state: 'ready', downSince: null });
  });

  it('tries an unreachable graphd again within 10 s, however long the login backoff', async () => {
    let clock = Date.parse('2026-12-01T10:00:00Z');
    await graphd.stop();
    connect({ now: () => new Date(clock), retryDelayMs: 60_000, maxRetryDelayMs: 300_000 });
    expect((await failure(client.read(statements.showJobs('nba')))).kind).toBe('nebula-unreachable');
    await graphd.restart();
    clock += 5_000; // still waiting: nothing is tried
    expect((await failure(client.read(statements.showJobs('nba')))).kind).toBe('nebula-unreachable');
    clock += 5_001;
    await client.read(statements.showJobs('nba'));
    expect(client.health().state).toBe('ready');
  });

  it('does not come back to life after close() while graphd is down', async () => {
    await connect().read(statements.showJobs('nba'));
    await graphd.stop();
    await waitForState('reconnecting');
    await client.close();
    await graphd.restart();
    expect(await connectionWithin(1500)).toBe(false);
  });
});
