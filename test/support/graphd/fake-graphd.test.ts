import { createClient } from '@nebula-contrib/nebula-nodejs';
import { run } from './executor';
import { FakeGraphd } from './index';

/**
 * The fake graphd checked against ../shared/nebula-graphd-jobs.md with the real npm client, so
 * the bot's tests stand on a faithful peer.
 */
describe('fake graphd', () => {
  let graphd: FakeGraphd;
  let client: { execute(stmt: string): Promise<any>; close(): Promise<unknown>; on(e: string, f: () => void): void };

  beforeEach(async () => {
    graphd = await FakeGraphd.start();
    graphd.createSpace('nba');
    graphd.createSpace('other');
    client = createClient({ servers: [graphd.address], userName: 'root', password: 'nebula', space: 'nba', poolSize: 1 }) as never;
    client.on('error', () => undefined);
    // close() before the first connect completes leaves the client reconnecting forever (§2.8).
    await new Promise<void>((resolve) => client.on('ready', () => resolve()));
  });

  afterEach(async () => {
    await client.close();
    await graphd.close();
  });

  const error = (stmt: string): Promise<{ errno: number; message: string }> => client.execute(stmt).then(() => ({ errno: 0, message: 'no error' }), (e) => e);

  it('answers SHOW JOBS column-major, newest first, EMPTY as null and times as UTC fields', async () => {
    const start = new Date('2026-11-24T23:00:00Z');
    graphd.addJob('nba', { command: 'FLUSH', status: 'RUNNING', startTime: start, stopTime: null });
    graphd.addJob('nba', { command: 'STATS', status: 'QUEUE' });
    graphd.addJob('other', { command: 'COMPACT', status: 'QUEUE' });
    const result = await client.execute('SHOW JOBS');
    expect(Object.keys(result.data)).toEqual(['Job Id', 'Command', 'Status', 'Start Time', 'Stop Time']);
    expect(result.data.Command).toEqual(['STATS', 'FLUSH']);
    expect(result.data['Job Id'][0]).toBeGreaterThan(result.data['Job Id'][1]);
    expect(result.data['Start Time'][0]).toBeNull();
    expect(result.data['Start Time'][1]).toMatchObject({ year: 2026, month: 11, day: 24, hour: 23, minute: 0, sec: 0 });
    expect(result.data['Stop Time']).toEqual([null, null]);
    expect(result.space_name).toBe('nba');
  });

  it('forgets expired jobs on SHOW JOBS but keeps unfinished ones', async () => {
    const old = new Date(Date.now() - 8 * 86_400_000);
    graphd.addJob('nba', { command: 'COMPACT', status: 'FINISHED', startTime: old, stopTime: old });
    graphd.addJob('nba', { command: 'STATS', status: 'RUNNING', startTime: old });
    expect((await client.execute('SHOW JOBS')).data.Command).toEqual(['STATS']);
  });

  it('answers SHOW JOB with the job row, task rows and summary row', async () => {
    const id = graphd.addJob('nba', { command: 'STATS', status: 'QUEUE' });
    graphd.setJobStatus('nba', id, 'RUNNING');
    let result = await client.execute(`SHOW JOB ${id}`);
    expect(Object.keys(result.data)).toEqual(['Job Id(TaskId)', 'Command(Dest)', 'Status', 'Start Time', 'Stop Time', 'Error Code']);
    expect(result.data['Job Id(TaskId)']).toEqual([id, 0, 1, 2, 'Total:3']);
    expect(result.data['Error Code']).toEqual(['E_JOB_SUBMITTED', '', '', '', '']);
    graphd.setJobStatus('nba', id, 'FAILED', { errorCode: 'E_RPC_FAILURE' });
    result = await client.execute(`SHOW JOB ${id}`);
    expect(result.data.Status).toEqual(['FAILED', 'FINISHED', 'FINISHED', 'FAILED', 'Failed:1']);
    expect(result.data['Command(Dest)'][4]).toBe('Succeeded:2');
    expect(result.data['Error Code'][3]).toBe('E_RPC_FAILURE');
  });

  it('answers SHOW JOB of a balance job in the balance layout', async () => {
    const id = graphd.addJob('nba', {
      command: 'ZONE_BALANCE',
      status: 'FAILED',
      balanceTasks: [{ partId: 3, src: 'h1:9779', dst: 'h2:9779', status: 'FAILED' }],
    });
    const result = await client.execute(`SHOW JOB ${id}`);
    expect(Object.keys(result.data).slice(0, 2)).toEqual(['Job Id(spaceId:partId)', 'Command(src->dst)']);
    expect(result.data['Command(src->dst)'][0]).toBe('DATA_BALANCE');
    expect(result.data['Job Id(spaceId:partId)'][1]).toMatch(new RegExp(`^${id}, \\d+:3$`));
    expect(result.data['Stop Time'][2]).toBe('Invalid:0');
  });

  it.each([
    ['QUEUE', 'COMPACT', null, 'STOPPED'],
    ['RUNNING', 'STATS', null, 'STOPPED'],
    ['RUNNING', 'COMPACT', 'The job type do not support stopping', 'RUNNING'],
    ['STOPPED', 'STATS', null, 'STOPPED'],
    ['FINISHED', 'FLUSH', 'Finished job or failed job can not be stopped', 'FINISHED'],
    ['FAILED', 'FLUSH', 'Finished job or failed job can not be stopped', 'FAILED'],
    ['FAILED', 'ZONE_BALANCE', null, 'STOPPED'],
  ] as const)('STOP JOB on a %s %s job', async (status, command, message, after) => {
    const id = graphd.addJob('nba', { command, status });
    const outcome = await error(`STOP JOB ${id}`);
    if (message) {
      expect(outcome).toMatchObject({ errno: -1005 });
      expect(outcome.message).toContain(message);
    } else {
      expect(outcome.message).toBe('no error');
    }
    expect(graphd.job('nba', id)?.status).toBe(after);
  });

  it('RECOVER JOB follows the candidate, balance and per-kind rules', async () => {
    const finished = graphd.addJob('nba', { command: 'COMPACT', status: 'FINISHED' });
    const f1 = graphd.addJob('nba', { command: 'FLUSH', status: 'FAILED' });
    const f2 = graphd.addJob('nba', { command: 'FLUSH', status: 'STOPPED' });
    const oldBalance = graphd.addJob('nba', { command: 'ZONE_BALANCE', status: 'STOPPED' });
    const newBalance = graphd.addJob('nba', { command: 'ZONE_BALANCE', status: 'FAILED' });
    const recovered = (stmt: string): Promise<number> => client.execute(stmt).then((r) => r.data['Recovered job num'][0]);
    expect(await recovered(`RECOVER JOB ${finished}`)).toBe(0);
    expect(await recovered(`RECOVER JOB ${oldBalance}`)).toBe(0);
    expect(await recovered(`RECOVER JOB ${f1}, ${f2}`)).toBe(1); // one FLUSH per call
    expect(graphd.job('nba', f1)?.status).toBe('QUEUE');
    expect(await recovered(`RECOVER JOB ${f2}`)).toBe(0); // a FLUSH is queued now
    expect(await recovered(`RECOVER JOB ${newBalance}`)).toBe(1);
    expect(graphd.job('nba', newBalance)?.errorCode).toBe('E_JOB_SUBMITTED');
  });

  it('refuses an expired job for recovery', async () => {
    const old = new Date(Date.now() - 8 * 86_400_000);
    const id = graphd.addJob('nba', { command: 'STATS', status: 'FAILED', startTime: old, stopTime: old });
    expect((await client.execute(`RECOVER JOB ${id}`)).data['Recovered job num']).toEqual([0]);
  });

  it.each([
    ['SHOW JOB 999', -1005, 'Job not existed in chosen space!'],
    ['SHOW JOB 0', -1005, 'Invalid param!'],
    ['USE nope; SHOW JOBS', -1005, 'SpaceNotFound: SpaceName `nope`'],
    ['SHOW JOB -1', -1004, "SyntaxError: syntax error near `-1'"],
    ['SHOW JOB 1.5', -1004, "SyntaxError: syntax error near `1.5'"],
    ['SHOW JOB 1e3', -1004, "SyntaxError: syntax error near `1e3'"],
    ['SHOW JOBZ', -1004, "SyntaxError: syntax error near `JOBZ'"],
    ['SHOW JOBS | YIELD 1', -1004, "SyntaxError: syntax error near `| YIELD '"],
    ['SHOW JOB 99999999999999999999', -1004, 'SyntaxError: Out of range'],
    ['  ;  ', -1006, 'StatementEmpty: '],
  ])('%s → %i %s', async (stmt, errno, message) => {
    const outcome = await error(stmt);
    expect(outcome.errno).toBe(errno);
    expect(outcome.message).toContain(message);
  });

  it('validates a whole chain before running any of it', async () => {
    const outcome = await error('SHOW JOBS; DROP SPACE other; SHOW JOBZ');
    expect(outcome.errno).toBe(-1004);
    expect(graphd.engine.hasSpace('other')).toBe(true);
  });

  it('needs a space for job statements', () => {
    const session = graphd.sessions.login('root', 'nebula', '127.0.0.1');
    const ctx = { engine: graphd.engine, sessions: graphd.sessions, now: () => 0, balanceEnabled: false };
    for (const stmt of ['SHOW JOBS', 'SHOW JOB 1', 'STOP JOB 1', 'RECOVER JOB', 'SUBMIT JOB COMPACT']) {
      expect(run(stmt, session, ctx)).toMatchObject({ code: -1009, message: 'SemanticError: Space was not chosen.' });
    }
    expect(run('USE nba; SHOW JOBS', session, ctx)).toMatchObject({ code: 0, spaceName: 'nba' });
  });

  it('checks passwords and roles when authorization is on', async () => {
    graphd.sessions.authorize = true;
    graphd.addUser('guest', 'pw');
    graphd.grant('guest', 'nba', 'GUEST');
    const guest = createClient({ servers: [graphd.address], userName: 'guest', password: 'pw', space: 'nba', poolSize: 1 }) as never as typeof client;
    guest.on('error', () => undefined);
    const id = graphd.addJob('nba', { command: 'STATS', status: 'RUNNING' });
    expect((await guest.execute('SHOW JOBS')).data['Job Id']).toEqual([id]);
    expect(await guest.execute(`STOP JOB ${id}`).catch((e) => e.message)).toBe('PermissionError: No permission to write data.');
    expect(await guest.execute('USE other; SHOW JOBS').catch((e) => e.message)).toBe('PermissionError: No permission to read space.');
    await guest.close();
    const outcome = await new Promise<{ errno: number; message: string }>((resolve) => {
      const wrong = createClient({ servers: [graphd.address], userName: 'guest', password: 'bad', space: 'nba', poolSize: 1 }) as never as typeof client & { on(e: 'error', f: (x: { error: { errno: number; message: string } }) => void): void };
      wrong.on('error', ({ error: e }) => {
        void wrong.close();
        resolve(e);
      });
    });
    expect(outcome).toMatchObject({ errno: -1001, message: 'Invalid password' });
  });

  it('logs every statement it receives', async () => {
    await client.execute('SHOW JOBS');
    const entry = await graphd.waitForStatement(/^SHOW JOBS$/);
    expect(entry).toMatchObject({ user: 'root', spaceBefore: 'nba', errorCode: 0, answered: true });
    expect(graphd.statements()).toEqual(['Use nba', 'SHOW JOBS']);
  });
});
