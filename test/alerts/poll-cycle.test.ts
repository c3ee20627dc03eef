import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LeaseTerm, PollerLease } from '../../src/alerts/lease';
import { PollCycle } from '../../src/alerts/poll-cycle';
import { DEMO_SPACES, SimulatedCluster } from '../../src/demo/simulated-cluster';
import type { Job, JobDetail } from '../../src/jobs/job';
import { JobsError } from '../../src/jobs/jobs-error';
import type { JobsGateway } from '../../src/jobs/jobs-gateway';
import type { ServerFacts } from '../../src/jobs/server-facts';
import { createLogger, silentLogger } from '../../src/logging/logger';
import type { ClusterStatus, SpaceRef } from '../../src/spaces/space-ref';
import { AuditRepository } from '../../src/store/audit-repository';
import { openDatabase, type SqliteDatabase } from '../../src/store/database';
import { LeaseRepository } from '../../src/store/lease-repository';
import { PollerRepository } from '../../src/store/poller-repository';
import { SubscriptionRepository } from '../../src/store/subscription-repository';

const TTL = 20_000;
const SPACE = { cluster: 'default', space: DEMO_SPACES[0] };

/** The simulated cluster, whose listings can be held back (a graphd that stalls) or refused (one that is down). */
class StallableCluster implements JobsGateway {
  private stall: Promise<void> | null = null;
  private resume: () => void = () => undefined;
  reachable = true;

  constructor(readonly cluster: SimulatedCluster) {}

  holdListings(): void {
    this.stall = new Promise((resolve) => (this.resume = resolve));
  }

  releaseListings(): void {
    this.stall = null;
    this.resume();
  }

  clusters(): ClusterStatus[] {
    return this.cluster.clusters();
  }

  async listSpaces(): Promise<string[]> {
    return this.cluster.listSpaces();
  }

  async listJobs(ref: SpaceRef): Promise<Job[]> {
    if (!this.reachable) throw new JobsError('nebula-unreachable', 'Cannot reach NebulaGraph.');
    const jobs = await this.cluster.listJobs(ref); // read now, answered later: a stale answer
    if (this.stall) await this.stall;
    return jobs;
  }

  showJob(ref: SpaceRef, jobId: number): Promise<JobDetail> {
    return this.cluster.showJob(ref, jobId);
  }

  stopJob(ref: SpaceRef, jobId: number): Promise<void> {
    return this.cluster.stopJob(ref, jobId);
  }

  recoverJob(ref: SpaceRef, jobId: number): Promise<number> {
    return this.cluster.recoverJob(ref, jobId);
  }

  serverFacts(): ServerFacts {
    return this.cluster.serverFacts();
  }
}

describe('a poll cycle fenced by the lease term', () => {
  let dir: string;
  let db: SqliteDatabase;
  let clock: number;
  let gateway: StallableCluster;
  const now = (): Date => new Date(clock);
  const outboxRows = (): number => db.prepare('SELECT count(*) FROM outbox').pluck().get() as number;

  function instance(holder: string, logs: string[] = []): { lease: PollerLease; cycle: PollCycle; fence(): LeaseTerm } {
    const lease = new PollerLease(new LeaseRepository(db), holder, TTL, now, silentLogger);
    const logger = createLogger({ write: (line) => logs.push(line) });
    const cycle = new PollCycle({ gateway, store: new PollerRepository(db), audit: new AuditRepository(db), now, logger, outageAfter: 2 });
    return {
      lease,
      cycle,
      fence: () => {
        expect(lease.hold()).toBe(true);
        return lease.fence() as LeaseTerm;
      },
    };
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nebula-jobs-cycle-'));
    db = openDatabase(join(dir, 'bot.db'));
    clock = Date.parse('2024-05-01T10:00:00Z');
    gateway = new StallableCluster(new SimulatedCluster(now, () => 0.5));
    new SubscriptionRepository(db).subscribe('C1', SPACE, ['FAILED', 'STOPPED'], 'UADMIN', now());
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function runningJob(): Promise<number> {
    const running = (await gateway.cluster.listJobs(SPACE)).find((job) => job.status === 'RUNNING');
    if (!running) throw new Error('the simulation has no running job');
    return running.id;
  }

  it('writes nothing from a poll that outlived its lease, and stops it', async () => {
    const logs: string[] = [];
    const a = instance('host-a:1:aaaa1111', logs);
    const b = instance('host-b:1:bbbb2222');
    expect(await a.cycle.run(a.fence())).toMatchObject({ leaseLost: false }); // the baseline
    const id = await runningJob();
    await gateway.cluster.stopJob(SPACE, id);

    // A reads the STOPPED job, then stalls past its lease; B takes over and alerts.
    gateway.holdListings();
    const stalled = a.cycle.run(a.fence());
    clock += TTL + 1;
    gateway.releaseListings();
    expect(await b.cycle.run(b.fence())).toMatchObject({ outbox: 1, leaseLost: false });
    const rows = db.prepare('SELECT count(*) FROM job_state').pluck().get();

    expect(await stalled).toMatchObject({ outbox: 0, rowsWritten: 0, leaseLost: true });
    expect(outboxRows()).toBe(1);
    expect(db.prepare('SELECT count(*) FROM job_state').pluck().get()).toBe(rows);
    expect(logs.filter((line) => line.includes('"poll.lease_lost"'))).toHaveLength(1);
  });

  it('stops at once when the lease was taken before the poll wrote anything', async () => {
    const a = instance('host-a:1:aaaa1111');
    const b = instance('host-b:1:bbbb2222');
    await a.cycle.run(a.fence());
    const fence = a.fence();
    clock += TTL + 1;
    b.fence();
    await gateway.cluster.stopJob(SPACE, await runningJob());
    expect(await a.cycle.run(fence)).toMatchObject({ outbox: 0, leaseLost: true });
    expect(outboxRows()).toBe(0);
  });

  it('fences the outage notice too', async () => {
    const a = instance('host-a:1:aaaa1111');
    const b = instance('host-b:1:bbbb2222');
    await a.cycle.run(a.fence());
    gateway.reachable = false;
    expect(await a.cycle.run(a.fence())).toMatchObject({ reachable: false, outbox: 0 });
    const fence = a.fence();
    clock += TTL + 1;
    b.fence();
    // A's second unreachable poll would tell the channels; B holds the lease now, so it does not.
    expect(await a.cycle.run(fence)).toMatchObject({ outbox: 0, leaseLost: true });
    expect(outboxRows()).toBe(0);
    expect(new PollerRepository(db).outageNotifiedAt('default')).toBeNull();
  });

  it('lets the holder of the current term write, and an idle poll write nothing', async () => {
    const a = instance('host-a:1:aaaa1111');
    expect(await a.cycle.run(a.fence())).toMatchObject({ leaseLost: false });
    await gateway.cluster.stopJob(SPACE, await runningJob());
    expect(await a.cycle.run(a.fence())).toMatchObject({ outbox: 1, leaseLost: false });
    expect(await a.cycle.run(a.fence())).toMatchObject({ outbox: 0, rowsWritten: 0, leaseLost: false });
  });
});
