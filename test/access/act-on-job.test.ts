import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ActDeps, decideApproval, requestJobAction } from '../../src/access/act-on-job';
import type { ActionIntent } from '../../src/access/action-intents';
import type { GroupDirectory } from '../../src/access/group-directory';
import { finishInterruptedActions, interruptedOutcome, isAbandoned } from '../../src/access/interrupted-actions';
import { DEFAULT_APPROVALS, type Policy } from '../../src/access/policy';
import { UnrecordedOutcomes } from '../../src/access/unrecorded-outcomes';
import { SimulatedCluster, seededRandom } from '../../src/demo/simulated-cluster';
import type { Job } from '../../src/jobs/job';
import type { JobsGateway } from '../../src/jobs/jobs-gateway';
import { silentLogger } from '../../src/logging/logger';
import { NebulaClient } from '../../src/nebula/client/contained-client';
import { ClustersGateway } from '../../src/nebula/clusters-gateway';
import { ActionIntentRepository } from '../../src/store/action-intent-repository';
import { ApprovalRepository } from '../../src/store/approval-repository';
import { AuditRepository } from '../../src/store/audit-repository';
import { openDatabase, type SqliteDatabase } from '../../src/store/database';
import { FakeGraphd } from '../support/graphd';

/** The stop/recover use case over real SQLite repositories, against the demo's cluster or the fake graphd. */

const SPACE = 'demo_social';
const REF = { cluster: 'default', space: SPACE };
const RULES = [
  { subjects: ['UOPS', 'UOPS2'], spaces: ['*'], role: 'operator' as const },
  { subjects: ['UADMIN'], spaces: ['*'], role: 'admin' as const },
];
const policyWith = (approvals: Partial<Policy['approvals']> = {}, rules = RULES): Policy => ({
  defaultRole: 'viewer',
  rules,
  approvals: { ...DEFAULT_APPROVALS, ...approvals },
  configured: true,
});
const noGroups: GroupDirectory = { isMember: async () => false };

describe('acting on a job', () => {
  let dir: string;
  const opened: SqliteDatabase[] = [];
  let clock: number;
  const now = (): Date => new Date(clock);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nebula-jobs-act-'));
    clock = Date.parse('2026-11-25T12:00:00Z');
  });
  afterEach(() => {
    for (const db of opened.splice(0)) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The use case's dependencies on a connection of their own to the test's database file. */
  function depsFor(gateway: JobsGateway, policy = policyWith(), holder = 'test-host:1:a'): ActDeps & { db: SqliteDatabase } {
    const db = openDatabase(join(dir, 'bot.db'));
    opened.push(db);
    const audit = new AuditRepository(db);
    const approvals = new ApprovalRepository(db);
    return {
      db,
      gateway,
      policy,
      groups: noGroups,
      audit,
      approvals,
      intents: new ActionIntentRepository(db, holder, audit, approvals),
      unrecorded: new UnrecordedOutcomes(),
      now,
    };
  }

  const request = (userId: string, jobId: number, action: 'stop' | 'recover' = 'stop') => ({
    userId,
    channelId: 'C1',
    responseUrl: null,
    context: null,
    cluster: 'default',
    space: SPACE,
    jobId,
    action,
  });

  async function runningJob(cluster: SimulatedCluster): Promise<Job> {
    return (await cluster.listJobs(REF)).find((job) => job.status === 'RUNNING') as Job;
  }

  const trail = (deps: ActDeps, jobId: number): string[] =>
    deps.audit
      .latest({ limit: 50 })
      .filter((e) => e.jobId === jobId)
      .map((e) => `${e.userId}:${e.result}`)
      .reverse();

  describe('against the simulated cluster', () => {
    let cluster: SimulatedCluster;
    beforeEach(() => (cluster = new SimulatedCluster(now, seededRandom(7))));

    it('stops a running job for an operator, audits it once and leaves no intent behind', async () => {
      const deps = depsFor(cluster);
      const job = await runningJob(cluster);
      const outcome = await requestJobAction(deps, request('UOPS', job.id));
      expect(outcome).toMatchObject({ kind: 'done', actorId: 'UOPS', unrecorded: null, result: { result: 'executed', after: { status: 'STOPPED' } } });
      expect(trail(deps, job.id)).toEqual(['UOPS:executed']);
      expect(deps.intents.unresolved()).toEqual([]);
    });

    it('denies a viewer and refuses what graphd would refuse, sending nothing and keeping no lock', async () => {
      const deps = depsFor(cluster);
      const job = await runningJob(cluster);
      expect(await requestJobAction(deps, request('UVIEWER', job.id))).toMatchObject({ kind: 'denied' });
      const finished = (await cluster.listJobs(REF)).find((j) => j.status === 'FINISHED') as Job;
      expect(await requestJobAction(deps, request('UOPS', finished.id))).toMatchObject({
        kind: 'done',
        result: { result: 'refused', reason: 'A finished job cannot be stopped.' },
      });
      expect(trail(deps, job.id)).toEqual(['UVIEWER:denied']);
      expect(trail(deps, finished.id)).toEqual(['UOPS:refused']);
      expect((await cluster.showJob(REF, job.id)).job.status).toBe('RUNNING');
      expect(deps.intents.unresolved()).toEqual([]);
    });

    it('runs one action per job at a time: the second request, here or in another process, is told who is on it', async () => {
      const here = depsFor(cluster);
      const elsewhere = depsFor(cluster, policyWith(), 'test-host:2:b');
      const job = await runningJob(cluster);
      const [first, second, third] = await Promise.all([
        requestJobAction(here, request('UOPS', job.id)),
        requestJobAction(here, request('UOPS2', job.id)),
        requestJobAction(elsewhere, request('UOPS2', job.id, 'recover')),
      ]);
      expect(first).toMatchObject({ kind: 'done', result: { result: 'executed' } });
      expect(second).toMatchObject({ kind: 'busy', heldBy: { actorId: 'UOPS', action: 'stop', jobId: job.id } });
      expect(third).toMatchObject({ kind: 'busy', heldBy: { actorId: 'UOPS', holder: 'test-host:1:a' } });
      expect(trail(here, job.id).sort()).toEqual(['UOPS2:refused', 'UOPS2:refused', 'UOPS:executed']);
      // Once done, the job is free again: a recover now runs.
      expect(await requestJobAction(elsewhere, request('UOPS2', job.id, 'recover'))).toMatchObject({ kind: 'done', result: { result: 'executed' } });
    });

    it('runs an approved request once, records each step, and finishes the request', async () => {
      const deps = depsFor(cluster, policyWith({ stop: 'required' }));
      const job = await runningJob(cluster);
      const asked = await requestJobAction(deps, request('UOPS', job.id));
      expect(asked.kind).toBe('approval-requested');
      const approvalId = asked.kind === 'approval-requested' ? asked.approval.id : '';
      const [a, b] = await Promise.all([
        decideApproval(deps, { approvalId, deciderId: 'UADMIN', decision: 'approve' }),
        decideApproval(deps, { approvalId, deciderId: 'UADMIN', decision: 'approve' }),
      ]);
      expect([a.kind, b.kind].sort()).toEqual(['already-decided', 'approved']);
      expect(deps.approvals.get(approvalId)).toMatchObject({ status: 'executed', decidedBy: 'UADMIN', detail: 'now STOPPED' });
      expect(trail(deps, job.id)).toEqual(['UOPS:requested', 'UADMIN:approved', 'UOPS:executed']);
      expect(deps.audit.latest({ limit: 1 })[0].detail).toBe('approved by UADMIN: now STOPPED');
    });

    it('refuses to run an approval whose requester is no longer an operator, and records why', async () => {
      const deps = depsFor(cluster, policyWith({ stop: 'required' }));
      const job = await runningJob(cluster);
      const asked = await requestJobAction(deps, request('UOPS', job.id));
      const approvalId = asked.kind === 'approval-requested' ? asked.approval.id : '';
      deps.policy = policyWith(
        { stop: 'required' },
        RULES.filter((rule) => !rule.subjects.includes('UOPS')),
      );
      const outcome = await decideApproval(deps, { approvalId, deciderId: 'UADMIN', decision: 'approve' });
      expect(outcome).toMatchObject({ kind: 'requester-not-allowed', role: 'viewer', approval: { status: 'denied', decidedBy: 'UADMIN' } });
      expect((await cluster.showJob(REF, job.id)).job.status).toBe('RUNNING');
      expect(trail(deps, job.id)).toEqual(['UOPS:requested', 'UOPS:denied']);
      expect(deps.audit.latest({ limit: 1 })[0].detail).toMatch(/approved by UADMIN, but UOPS is no longer an operator of demo_social \(now viewer\); nothing was sent/);
      expect(await decideApproval(deps, { approvalId, deciderId: 'UADMIN', decision: 'approve' })).toMatchObject({ kind: 'already-decided' });
    });

    it('keeps an approval open when the job is busy, so it can be approved once the job is free', async () => {
      const deps = depsFor(cluster, policyWith({ stop: 'required' }));
      const job = await runningJob(cluster);
      const asked = await requestJobAction(deps, request('UOPS', job.id));
      const approvalId = asked.kind === 'approval-requested' ? asked.approval.id : '';
      const held = deps.intents.claim({ cluster: 'default', space: SPACE, jobId: job.id, action: 'stop', actorId: 'UOPS2', approvalId: null, note: '', startedAt: now() });
      expect(held.kind).toBe('claimed');
      expect(await decideApproval(deps, { approvalId, deciderId: 'UADMIN', decision: 'approve' })).toMatchObject({ kind: 'busy', approval: { status: 'pending' } });
      deps.intents.resolve((held as { intent: ActionIntent }).intent.id, {
        audit: { at: now(), userId: 'UOPS2', cluster: 'default', space: SPACE, jobId: job.id, action: 'stop', result: 'failed', detail: 'test' },
      });
      expect(await decideApproval(deps, { approvalId, deciderId: 'UADMIN', decision: 'approve' })).toMatchObject({ kind: 'approved', result: { result: 'executed' } });
    });

    it('sends nothing when the database cannot be written, and records the attempt once it can', async () => {
      const deps = depsFor(cluster);
      const job = await runningJob(cluster);
      deps.db.pragma('query_only = ON');
      await expect(requestJobAction(deps, request('UOPS', job.id))).rejects.toThrow(/nothing was sent to NebulaGraph/);
      expect((await cluster.showJob(REF, job.id)).job.status).toBe('RUNNING');
      expect(deps.unrecorded.flush(deps)).toBe(0);
      deps.db.pragma('query_only = OFF');
      expect(deps.unrecorded.flush(deps)).toBe(1);
      expect(trail(deps, job.id)).toEqual(['UOPS:failed']);
    });
  });

  describe('against the fake graphd', () => {
    let graphd: FakeGraphd;
    let client: NebulaClient;
    let gateway: ClustersGateway;

    beforeEach(async () => {
      graphd = await FakeGraphd.start();
      graphd.createSpace(SPACE);
      client = new NebulaClient({
        servers: [{ host: graphd.host, port: graphd.port }],
        user: 'root',
        password: 'nebula',
        timeoutMs: 10_000,
        logger: silentLogger,
        reconnectGraceMs: 200,
        retryDelayMs: 10,
        maxRetryDelayMs: 50,
      });
      gateway = new ClustersGateway([{ name: 'default', client }]);
    });
    afterEach(async () => {
      await client.close();
      await graphd.close();
    });

    const stops = (): string[] => graphd.statements().filter((s) => /STOP JOB/.test(s));

    it('says what ran when the audit write fails after STOP, and records it when the database is back', async () => {
      const deps = depsFor(gateway);
      const id = graphd.addJob(SPACE, { command: 'STATS', status: 'RUNNING' });
      graphd.hang(/STOP JOB/, { applyEffects: true, times: 1 });
      const acting = requestJobAction(deps, request('UOPS', id));
      await graphd.waitForStatement(/STOP JOB/);
      deps.db.pragma('query_only = ON');
      graphd.releaseHung();
      const outcome = await acting;
      expect(outcome).toMatchObject({ kind: 'done', result: { result: 'executed' }, unrecorded: expect.stringMatching(/readonly/) });
      // Nothing else starts while the database cannot be written.
      await expect(requestJobAction(deps, request('UOPS2', id))).rejects.toThrow(/nothing was sent/);
      deps.db.pragma('query_only = OFF');
      // The job stays locked until the outcome is written.
      expect(await requestJobAction(deps, request('UOPS2', id))).toMatchObject({ kind: 'busy' });
      expect(deps.unrecorded.flush(deps)).toBe(2);
      expect(trail(deps, id)).toEqual(['UOPS2:refused', 'UOPS:executed', 'UOPS2:failed']);
      expect(deps.intents.unresolved()).toEqual([]);
      expect(stops()).toHaveLength(1);
    });

    it('resolves what a dead process left by re-reading the job, once, and never sends it again', async () => {
      const deps = depsFor(gateway, policyWith({ stop: 'required' }));
      const other = depsFor(gateway, policyWith({ stop: 'required' }), 'test-host:3:c');
      const stopped = graphd.addJob(SPACE, { command: 'STATS', status: 'RUNNING' });
      const running = graphd.addJob(SPACE, { command: 'STATS', status: 'RUNNING' });
      const notSent = graphd.addJob(SPACE, { command: 'FLUSH', status: 'QUEUE' });
      const asked = await requestJobAction(deps, request('UOPS', stopped));
      const approvalId = asked.kind === 'approval-requested' ? asked.approval.id : '';
      // A process approved and sent these, or only set out to, then died.
      const dead = new ActionIntentRepository(deps.db, 'test-host:999:dead', new AuditRepository(deps.db), new ApprovalRepository(deps.db));
      const leave = (jobId: number, sent: boolean, approval?: string): void => {
        const claim = dead.claim(
          {
            cluster: 'default',
            space: SPACE,
            jobId,
            action: 'stop',
            actorId: 'UOPS',
            approvalId: approval ?? null,
            note: approval ? 'approved by UADMIN: ' : '',
            startedAt: now(),
          },
          approval
            ? { deciderId: 'UADMIN', at: now(), audit: { at: now(), userId: 'UADMIN', cluster: 'default', space: SPACE, jobId, action: 'stop', result: 'approved', detail: '' } }
            : undefined,
        );
        if (sent) dead.markSent((claim as { intent: ActionIntent }).intent.id, 'RUNNING', now());
      };
      leave(stopped, true, approvalId);
      leave(running, true);
      leave(notSent, false);
      graphd.setJobStatus(SPACE, stopped, 'STOPPED'); // graphd carried it out; its answer was lost

      const abandoned = (intent: ActionIntent): boolean => intent.holder === 'test-host:999:dead';
      const [mine, theirs] = await Promise.all([finishInterruptedActions(deps, abandoned), finishInterruptedActions(other, abandoned)]);
      const finished = [...mine, ...theirs];
      expect(finished.map((f) => `${f.intent.jobId}:${f.result}`).sort()).toEqual([`${notSent}:failed`, `${running}:outcome-unknown`, `${stopped}:executed`].sort());
      expect(finished.find((f) => f.intent.jobId === stopped)?.approval).toMatchObject({ id: approvalId, status: 'executed', decidedBy: 'UADMIN' });
      expect(trail(deps, stopped)).toEqual(['UOPS:requested', 'UADMIN:approved', 'UOPS:executed']);
      expect(deps.audit.latest({ limit: 10 }).find((e) => e.jobId === stopped && e.result === 'executed')?.detail).toMatch(
        /^approved by UADMIN: the bot restarted before graphd answered/,
      );
      expect(trail(deps, running)).toEqual(['UOPS:outcome-unknown']);
      expect(trail(deps, notSent)).toEqual(['UOPS:failed']);
      expect(deps.intents.unresolved()).toEqual([]);
      expect(stops()).toEqual([]);
    });

    it('leaves an intent for later while graphd cannot say what the job shows', async () => {
      const deps = depsFor(gateway);
      const id = graphd.addJob(SPACE, { command: 'STATS', status: 'RUNNING' });
      const claim = deps.intents.claim({ cluster: 'default', space: SPACE, jobId: id, action: 'stop', actorId: 'UOPS', approvalId: null, note: '', startedAt: now() });
      const intent = (claim as { intent: ActionIntent }).intent;
      deps.intents.markSent(intent.id, 'RUNNING', now());
      await graphd.stop();
      expect(await finishInterruptedActions(deps, () => true)).toEqual([]);
      expect(deps.intents.unresolved()).toHaveLength(1);
      await graphd.restart();
      graphd.setJobStatus(SPACE, id, 'STOPPED');
      await client.close();
      client = new NebulaClient({
        servers: [{ host: graphd.host, port: graphd.port }],
        user: 'root',
        password: 'nebula',
        timeoutMs: 10_000,
        logger: silentLogger,
        retryDelayMs: 10,
        maxRetryDelayMs: 50,
      });
      deps.gateway = new ClustersGateway([{ name: 'default', client }]);
      expect((await finishInterruptedActions(deps, () => true)).map((f) => f.result)).toEqual(['executed']);
    });
  });

  it('tells executed, unknown and not-sent apart when an action was interrupted', () => {
    const intent = (action: 'stop' | 'recover', sent: boolean): ActionIntent => ({
      id: 1,
      cluster: 'default',
      space: SPACE,
      jobId: 7,
      action,
      actorId: 'U',
      approvalId: null,
      note: '',
      requesterResponseUrl: null,
      requesterContext: null,
      holder: 'h',
      startedAt: now(),
      sentAt: sent ? now() : null,
      statusBefore: sent ? 'FAILED' : null,
    });
    const job = (status: string): Job => ({ id: 7, command: 'STATS', status, startTime: null, stopTime: null });
    expect(interruptedOutcome(intent('stop', true), job('STOPPED')).result).toBe('executed');
    expect(interruptedOutcome(intent('stop', true), job('RUNNING')).result).toBe('outcome-unknown');
    expect(interruptedOutcome(intent('stop', true), null).result).toBe('outcome-unknown');
    expect(interruptedOutcome(intent('recover', true), job('QUEUE')).result).toBe('executed');
    expect(interruptedOutcome(intent('recover', true), job('FINISHED')).result).toBe('executed');
    expect(interruptedOutcome(intent('recover', true), job('FAILED')).result).toBe('outcome-unknown');
    expect(interruptedOutcome(intent('stop', false), job('STOPPED')).result).toBe('failed');

    // Left behind: by a dead process, or long past any timeout; never one of this process.
    const me = { holder: 'h', holderIsDead: (holder: string) => holder === 'dead', now: new Date(clock + 60_000), maxRunMs: 120_000 };
    expect(isAbandoned({ ...intent('stop', true), holder: 'dead' }, me)).toBe(true);
    expect(isAbandoned({ ...intent('stop', true), holder: 'alive' }, me)).toBe(false);
    expect(isAbandoned({ ...intent('stop', true), holder: 'alive' }, { ...me, now: new Date(clock + 121_000) })).toBe(true);
    expect(isAbandoned(intent('stop', true), { ...me, holderIsDead: () => true, now: new Date(clock + 10 * 3_600_000) })).toBe(false);
  });
});
