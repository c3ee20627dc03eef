import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LeaseStore, PollerLease } from '../../src/alerts/lease';
import { PollCycle } from '../../src/alerts/poll-cycle';
import { Poller } from '../../src/alerts/poller';
import { SimulatedCluster } from '../../src/demo/simulated-cluster';
import { createLogger, silentLogger } from '../../src/logging/logger';
import { AuditRepository } from '../../src/store/audit-repository';
import { openDatabase, type SqliteDatabase } from '../../src/store/database';
import { LeaseRepository } from '../../src/store/lease-repository';
import { PollerRepository } from '../../src/store/poller-repository';

const TTL = 20_000;

describe('the poller lease', () => {
  let dir: string;
  let db: SqliteDatabase;
  let clock: number;
  const now = (): Date => new Date(clock);
  const lease = (holder: string, store: LeaseStore = new LeaseRepository(db)): PollerLease => new PollerLease(store, holder, TTL, now, silentLogger);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nebula-jobs-lease-'));
    db = openDatabase(join(dir, 'bot.db'));
    clock = Date.parse('2024-05-01T10:00:00Z');
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps a second holder that looks like the same PID 1 on the same host waiting until the lease lapses', () => {
    // Two containers sharing a hostname, each its own PID 1: neither can tell the other's liveness from a pid.
    const a = lease('bot-host:1:aaaa1111');
    const b = lease('bot-host:1:bbbb2222');
    expect(a.hold()).toBe(true);
    expect(b.hold()).toBe(false);
    clock += TTL - 1;
    expect(b.hold()).toBe(false);
    clock += 2; // A stopped renewing (crashed or frozen): its lease lapses, and only then B takes over
    expect(b.hold()).toBe(true);
    expect(b.fence()).toEqual({ holder: 'bot-host:1:bbbb2222', term: 2 });
    a.renew();
    expect(a.isHeld()).toBe(false);
    expect(a.hold()).toBe(false);
  });

  it('never takes a pid it cannot see in its own PID namespace for a dead holder', () => {
    // A pid that does not exist here: on this host it would look dead, yet it lives in another namespace.
    const elsewhere = lease(`${hostname()}:2147483646:cccc3333`);
    const here = lease(`${hostname()}:${process.pid}:dddd4444`);
    expect(elsewhere.hold()).toBe(true);
    expect(here.hold()).toBe(false);
  });

  it('stays with a holder whose heartbeat renews it, however long since it was taken', () => {
    const a = lease('host-a:1:aaaa1111');
    const b = lease('host-b:1:bbbb2222');
    expect(a.hold()).toBe(true);
    for (let beat = 0; beat < 6; beat += 1) {
      clock += TTL / 3;
      a.renew();
      expect(b.hold()).toBe(false);
    }
    expect(a.isHeld()).toBe(true);
    expect(a.fence()?.term).toBe(1);
  });

  it('hands a released lease over at once, in a new term; terms never go back', () => {
    const a = lease('host-a:1:aaaa1111');
    const b = lease('host-b:1:bbbb2222');
    expect(a.hold()).toBe(true);
    expect(a.fence()?.term).toBe(1);
    a.release();
    expect(b.hold()).toBe(true);
    expect(b.fence()?.term).toBe(2);
    b.release();
    expect(new LeaseRepository(db).holder('poller')).toMatchObject({ holder: 'host-b:1:bbbb2222', term: 2 });
    expect(a.hold()).toBe(true);
    expect(a.fence()?.term).toBe(3);
  });

  it('resumes its own lapsed lease in the same term when nobody took it meanwhile', () => {
    const a = lease('host-a:1:aaaa1111');
    expect(a.hold()).toBe(true);
    clock += 5 * TTL; // a long freeze, but nobody else wanted the lease
    expect(a.isHeld()).toBe(false);
    expect(a.hold()).toBe(true);
    expect(a.fence()?.term).toBe(1);
  });

  it('logs taking the lease, standing by (once per holder) and losing it', () => {
    const logs: string[] = [];
    const logger = createLogger({ write: (line) => logs.push(line) });
    const a = new PollerLease(new LeaseRepository(db), 'host-a:1:aaaa1111', TTL, now, logger);
    const b = new PollerLease(new LeaseRepository(db), 'host-b:1:bbbb2222', TTL, now, logger);
    a.hold();
    b.hold();
    b.hold();
    clock += TTL + 1;
    b.hold();
    a.renew();
    expect(logs.map((line) => JSON.parse(line) as Record<string, unknown>).map(({ msg, holder, term }) => ({ msg, holder, term }))).toEqual([
      { msg: 'poller.lease_acquired', holder: 'host-a:1:aaaa1111', term: 1 },
      { msg: 'poller.standing_by', holder: 'host-a:1:aaaa1111', term: undefined },
      { msg: 'poller.lease_acquired', holder: 'host-b:1:bbbb2222', term: 2 },
      { msg: 'poller.lease_lost', holder: undefined, term: 1 },
    ]);
  });

  it('renews on a timer of its own, so a holder that is not polling keeps the lease', async () => {
    const store = new LeaseRepository(db);
    let renewed: () => void = () => undefined;
    const beat = new Promise<void>((resolve) => (renewed = resolve));
    // The real repository, noting when the heartbeat reaches it.
    const noting: LeaseStore = {
      claim: (...args) => store.claim(...args),
      release: (...args) => store.release(...args),
      renew: (...args) => {
        const ok = store.renew(...args);
        renewed();
        return ok;
      },
    };
    const a = lease('host-a:1:aaaa1111', noting);
    const cycle = new PollCycle({ gateway: new SimulatedCluster(now), store: new PollerRepository(db), audit: new AuditRepository(db), now, logger: silentLogger });
    const poller = new Poller({ cycle, lease: a, schedule: '0 0 0 1 1 *', logger: silentLogger, afterPoll: () => undefined, heartbeatMs: 5 });
    expect(await poller.pollOnce()).not.toBeNull();
    poller.start();
    try {
      clock += TTL - 1_000;
      await beat;
      clock += 2_000; // past the lease as first taken, not past the renewed one
      expect(lease('host-b:1:bbbb2222').hold()).toBe(false);
    } finally {
      await poller.stop();
    }
    // Stopping released it: another process takes over at once.
    expect(lease('host-b:1:bbbb2222').hold()).toBe(true);
  });
});
