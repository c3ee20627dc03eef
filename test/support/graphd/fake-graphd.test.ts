import { createClient } from '@nebula-contrib/nebula-nodejs';
import { run } from './executor';
import { FakeGraphd } from './index';

/**
 * The fake graphd checked, through the real npm client, against what graphd 3.x does (read from
 * the vesoft-inc/nebula v3.0.0 … v3.8.0 sources), so the bot's tests stand on a faithful peer.
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
    // close() before the first connect completes leaves the client reconnecting forever.
    await new Promise<void>((resolve) => client.on('ready', () => resolve()));
  });

  afterEach(async () => {
    await client.close();
    await graphd.close();
  });

  const error = (stmt: string): Promise<{ errno: number; message: string }> =>
    client.execute(stmt).then(
      () => ({ errno: 0, message: 'no error' }),
      (e) => e,
    );

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
      const wrong = createClient({ servers: [graphd.address], userName: 'guest', password: 'bad', space: 'nba', poolSize: 1 }) as never as typeof client & {
        on(e: 'error', f: (x: { error: { errno: number; message: string } }) => void): void;
      };
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

// ---- behaviour of graphd 3.x beyond the basics ---------------------------------------------

type Client = { execute(stmt: string): Promise<any>; close(): Promise<unknown>; on(e: string, f: (...args: any[]) => void): void };
type Failure = { errno: number; message: string };

const NOT_STOPPABLE = 'The job type do not support stopping, either wait previous job done or restart the cluster to start another job';
const at = (iso: string): Date => new Date(iso);
const utc = (date: Date): Record<string, number> => ({
  year: date.getUTCFullYear(),
  month: date.getUTCMonth() + 1,
  day: date.getUTCDate(),
  hour: date.getUTCHours(),
  minute: date.getUTCMinutes(),
  sec: date.getUTCSeconds(),
});
/** How a client must quote a space name for graphd: back-quotes, with ` and \ escaped. */
const quote = (name: string): string => `\`${name.replace(/[\\`]/g, (c) => `\\${c}`)}\``;

/** The fake graphds (each with a space `nba`) and ready clients of one test, all closed after it. */
function cluster(): {
  start(options?: Parameters<typeof FakeGraphd.start>[0]): Promise<FakeGraphd>;
  connect(graphd: FakeGraphd, space?: string, user?: string): Promise<Client>;
  close(): Promise<void>;
} {
  const graphds: FakeGraphd[] = [];
  const clients: Client[] = [];
  return {
    async start(options = {}) {
      const graphd = await FakeGraphd.start(options);
      graphd.createSpace('nba');
      graphds.push(graphd);
      return graphd;
    },
    async connect(graphd, space = 'nba', user = 'root') {
      const client = createClient({ servers: [graphd.address], userName: user, password: 'nebula', space, poolSize: 1 }) as never as Client;
      client.on('error', () => undefined);
      clients.push(client);
      await new Promise<void>((resolve) => client.on('ready', () => resolve()));
      return client;
    },
    async close() {
      for (const client of clients.splice(0)) await client.close();
      for (const graphd of graphds.splice(0)) await graphd.close();
    },
  };
}

const failure = (client: Client, stmt: string): Promise<Failure> =>
  client.execute(stmt).then(
    () => ({ errno: 0, message: 'no error' }),
    (e: Failure) => ({ errno: e.errno, message: e.message }),
  );

describe('fake graphd: metad restarts and orphaned jobs', () => {
  const c = cluster();
  let clock: Date;
  let graphd: FakeGraphd;
  let client: Client;

  beforeEach(async () => {
    clock = at('2030-01-01T00:00:00Z');
    graphd = await c.start({ now: () => clock });
    client = await c.connect(graphd);
  });

  afterEach(() => c.close());

  it.each(['COMPACT', 'FLUSH', 'DOWNLOAD', 'INGEST', 'LEADER_BALANCE', 'REBUILD_FULLTEXT_INDEX'])(
    'refuses to stop a RUNNING %s while its executor is live, and stops it once orphaned',
    async (command) => {
      const id = graphd.addJob('nba', { command, status: 'RUNNING' });
      expect(await failure(client, `STOP JOB ${id}`)).toEqual({ errno: -1005, message: NOT_STOPPABLE });
      expect(graphd.job('nba', id)).toMatchObject({ status: 'RUNNING', executorLive: true });
      graphd.orphanJob('nba', id);
      clock = at('2030-01-01T00:05:00Z');
      expect((await client.execute(`STOP JOB ${id}`)).data).toEqual({ Result: ['Job stopped'] });
      const shown = await client.execute(`SHOW JOB ${id}`);
      expect(shown.data.Status[0]).toBe('STOPPED');
      expect(shown.data['Stop Time'][0]).toMatchObject(utc(clock));
    },
  );

  it('restartMetad fails RUNNING balance jobs, orphans RUNNING storage jobs and keeps QUEUE jobs', async () => {
    const compact = graphd.addJob('nba', { command: 'COMPACT', status: 'QUEUE' });
    graphd.setJobStatus('nba', compact, 'RUNNING');
    const leader = graphd.addJob('nba', { command: 'LEADER_BALANCE', status: 'RUNNING' });
    const data = graphd.addJob('nba', { command: 'ZONE_BALANCE', status: 'RUNNING' });
    const queued = graphd.addJob('nba', { command: 'STATS', status: 'QUEUE' });
    clock = at('2030-01-01T01:00:00Z');
    graphd.restartMetad();
    const jobs = (await client.execute('SHOW JOBS')).data;
    expect(jobs['Job Id']).toEqual([queued, data, leader, compact]);
    expect(jobs.Command).toEqual(['STATS', 'DATA_BALANCE', 'LEADER_BALANCE', 'COMPACT']);
    expect(jobs.Status).toEqual(['QUEUE', 'FAILED', 'FAILED', 'RUNNING']);
    expect(jobs['Stop Time']).toEqual([null, expect.objectContaining(utc(clock)), expect.objectContaining(utc(clock)), null]);
    // handleRemainingJobs saves the balance job FAILED without touching its code.
    expect((await client.execute(`SHOW JOB ${leader}`)).data['Error Code'][0]).toBe('E_JOB_SUBMITTED');
    // The orphaned COMPACT keeps its running tasks, and STOP is now the way out.
    const tasks = (await client.execute(`SHOW JOB ${compact}`)).data;
    expect(tasks.Status).toEqual(['RUNNING', 'RUNNING', 'RUNNING', 'RUNNING', 'Failed:0']);
    expect(tasks['Start Time'][4]).toBe('In Progress:3');
    expect((await client.execute(`STOP JOB ${compact}`)).data.Result).toEqual(['Job stopped']);
    expect(graphd.job('nba', compact)?.status).toBe('STOPPED');
  });

  it('lets a RUNNING twin block RECOVER and SUBMIT only while metad runs it (inFlightJobs_)', async () => {
    const failed = graphd.addJob('nba', { command: 'COMPACT', status: 'FAILED' });
    const running = graphd.addJob('nba', { command: 'COMPACT', status: 'RUNNING' });
    const recovered = async (): Promise<number> => (await client.execute(`RECOVER JOB ${failed}`)).data['Recovered job num'][0];
    expect(await recovered()).toBe(0);
    expect((await client.execute('SUBMIT JOB COMPACT')).data['New Job Id']).toEqual([running]);
    graphd.restartMetad();
    expect(graphd.job('nba', running)).toMatchObject({ status: 'RUNNING', executorLive: false });
    expect(await recovered()).toBe(1);
    // The recovered one is queued now: it is the twin in flight.
    expect((await client.execute('SUBMIT JOB COMPACT')).data['New Job Id']).toEqual([failed]);
  });

  it('a job run again after the restart has a live executor again', async () => {
    const id = graphd.addJob('nba', { command: 'FLUSH', status: 'QUEUE' });
    graphd.restartMetad();
    graphd.setJobStatus('nba', id, 'RUNNING');
    expect(await failure(client, `STOP JOB ${id}`)).toEqual({ errno: -1005, message: NOT_STOPPABLE });
  });

  it('STOP of a STOPPED job answers "Job stopped" and refreshes only the stop time', async () => {
    const started = at('2029-12-31T20:00:00Z');
    const id = graphd.addJob('nba', { command: 'STATS', status: 'STOPPED', startTime: started, stopTime: at('2029-12-31T21:00:00Z') });
    expect((await client.execute(`STOP JOB ${id}`)).data.Result).toEqual(['Job stopped']);
    const shown = (await client.execute(`SHOW JOB ${id}`)).data;
    expect(shown.Status[0]).toBe('STOPPED');
    expect(shown['Start Time'][0]).toMatchObject(utc(started));
    expect(shown['Stop Time'][0]).toMatchObject(utc(clock));
  });

  it('STOP of a recovered QUEUE job keeps its old start time', async () => {
    const started = at('2029-12-31T20:00:00Z');
    const id = graphd.addJob('nba', { command: 'FLUSH', status: 'FAILED', startTime: started });
    expect((await client.execute(`RECOVER JOB ${id}`)).data['Recovered job num']).toEqual([1]);
    await client.execute(`STOP JOB ${id}`);
    expect(graphd.job('nba', id)).toMatchObject({ status: 'STOPPED', start: started.getTime() / 1000, stop: clock.getTime() / 1000 });
  });
});

describe('fake graphd: storaged reports after a STOP', () => {
  const c = cluster();
  afterEach(() => c.close());

  it('turns a stopped STATS job FAILED with E_USER_CANCEL when storaged reports the cancel', async () => {
    const graphd = await c.start();
    const client = await c.connect(graphd);
    const id = graphd.addJob('nba', { command: 'STATS', status: 'QUEUE' });
    graphd.setJobStatus('nba', id, 'RUNNING');
    graphd.reportTask('nba', id, 0);
    await client.execute(`STOP JOB ${id}`);
    expect((await client.execute('SHOW JOBS')).data.Status).toEqual(['STOPPED']);
    graphd.reportCancel('nba', id);
    const shown = (await client.execute(`SHOW JOB ${id}`)).data;
    expect(shown.Status).toEqual(['FAILED', 'FINISHED', 'FAILED', 'FAILED', 'Failed:2']);
    expect(shown['Error Code']).toEqual(['E_USER_CANCEL', 'E_USER_CANCEL', 'E_USER_CANCEL', 'E_USER_CANCEL', '']);
    expect(graphd.job('nba', id)?.tasks.map((task) => task.errorCode)).toEqual(['SUCCEEDED', 'E_USER_CANCEL', 'E_USER_CANCEL']);
  });

  it('with reportCancelAfterStop the cancel arrives before the next SHOW', async () => {
    const graphd = await c.start({ reportCancelAfterStop: true });
    const client = await c.connect(graphd);
    const stats = graphd.addJob('nba', { command: 'STATS', status: 'QUEUE' });
    graphd.setJobStatus('nba', stats, 'RUNNING');
    const orphan = graphd.addJob('nba', { command: 'REBUILD_TAG_INDEX', status: 'QUEUE' });
    graphd.setJobStatus('nba', orphan, 'RUNNING');
    graphd.orphanJob('nba', orphan);
    await client.execute(`STOP JOB ${stats}`);
    await client.execute(`STOP JOB ${orphan}`);
    expect(graphd.job('nba', stats)?.status).toBe('STOPPED');
    // No executor, no stop request to storaged: the orphan's tasks are not cancelled.
    expect((await client.execute('SHOW JOBS')).data.Status).toEqual(['STOPPED', 'FAILED']);
    expect((await client.execute(`SHOW JOB ${stats}`)).data['Error Code'][0]).toBe('E_USER_CANCEL');
  });

  it('a stopped job whose tasks all finish anyway ends FINISHED', async () => {
    const graphd = await c.start();
    const client = await c.connect(graphd);
    const id = graphd.addJob('nba', { command: 'STATS', status: 'QUEUE' });
    graphd.setJobStatus('nba', id, 'RUNNING');
    await client.execute(`STOP JOB ${id}`);
    for (const task of [0, 1, 2]) graphd.reportTask('nba', id, task);
    expect((await client.execute(`SHOW JOB ${id}`)).data['Error Code']).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', '']);
  });
});

describe('fake graphd: versions', () => {
  const c = cluster();
  afterEach(() => c.close());

  const failedStats = {
    command: 'STATS',
    status: 'FAILED',
    errorCode: 'E_RPC_FAILURE',
    tasks: [
      { host: 'storaged0', status: 'FINISHED' },
      { host: 'storaged1', status: 'FAILED', errorCode: 'E_RPC_FAILURE' },
      { host: 'storaged2', status: 'RUNNING' },
    ],
  } as const;

  it.each([
    ['3.0.0', ['Job Id(TaskId)', 'Command(Dest)', 'Status', 'Start Time', 'Stop Time'], undefined],
    ['3.2.1', null, ['E_RPC_FAILURE', 'SUCCEEDED', 'E_RPC_FAILURE', 'E_JOB_SUBMITTED']],
    ['3.3.0', null, ['E_RPC_FAILURE', 'E_RPC_FAILURE', 'E_RPC_FAILURE', 'E_RPC_FAILURE', '']],
    ['3.8.0', null, ['E_RPC_FAILURE', 'E_RPC_FAILURE', 'E_RPC_FAILURE', 'E_RPC_FAILURE', '']],
  ] as const)('SHOW JOB as graphd %s', async (version, columns, codes) => {
    const graphd = await c.start({ version });
    const client = await c.connect(graphd);
    const id = graphd.addJob('nba', { ...failedStats, tasks: [...failedStats.tasks] });
    const shown = (await client.execute(`SHOW JOB ${id}`)).data;
    expect(Object.keys(shown)).toEqual(columns ?? ['Job Id(TaskId)', 'Command(Dest)', 'Status', 'Start Time', 'Stop Time', 'Error Code']);
    expect(shown['Error Code']).toEqual(codes);
    const summary = version >= '3.3' ? ['Total:3'] : [];
    expect(shown['Job Id(TaskId)']).toEqual([id, 0, 1, 2, ...summary]);
  });

  it("task rows are blank while the job is E_JOB_SUBMITTED on 3.3+, the tasks' own codes before", async () => {
    const running = { command: 'STATS', status: 'RUNNING', tasks: [{ host: 'storaged0', status: 'RUNNING' }] } as const;
    const v38 = await c.start();
    const v32 = await c.start({ version: '3.2.1' });
    const id38 = v38.addJob('nba', { ...running, tasks: [...running.tasks] });
    const id32 = v32.addJob('nba', { ...running, tasks: [...running.tasks] });
    expect((await (await c.connect(v38)).execute(`SHOW JOB ${id38}`)).data['Error Code']).toEqual(['E_JOB_SUBMITTED', '', '']);
    expect((await (await c.connect(v32)).execute(`SHOW JOB ${id32}`)).data['Error Code']).toEqual(['E_JOB_SUBMITTED', 'E_JOB_SUBMITTED']);
  });

  it('before 3.3 STOP stops anything not yet ended and says "Save job failure!" otherwise', async () => {
    const graphd = await c.start({ version: '3.2.1' });
    const client = await c.connect(graphd);
    const compact = graphd.addJob('nba', { command: 'COMPACT', status: 'RUNNING' });
    const finished = graphd.addJob('nba', { command: 'FLUSH', status: 'FINISHED' });
    expect((await client.execute(`STOP JOB ${compact}`)).data.Result).toEqual(['Job stopped']);
    expect(graphd.job('nba', compact)).toMatchObject({ status: 'STOPPED', errorCode: 'SUCCEEDED' });
    expect(await failure(client, `STOP JOB ${finished}`)).toEqual({ errno: -1005, message: 'Save job failure!' });
  });

  it('3.0 answers a STOP with no live executor "Unknown error!" after saving it, and names unknown ids its way', async () => {
    const graphd = await c.start({ version: '3.0.0' });
    graphd.createSpace('other');
    const client = await c.connect(graphd);
    const queued = graphd.addJob('nba', { command: 'COMPACT', status: 'QUEUE' });
    const elsewhere = graphd.addJob('other', { command: 'COMPACT', status: 'QUEUE' });
    expect(await failure(client, `STOP JOB ${queued}`)).toEqual({ errno: -1005, message: 'Unknown error!' });
    expect(graphd.job('nba', queued)).toMatchObject({ status: 'STOPPED', start: 0 });
    expect(await failure(client, `SHOW JOB ${elsewhere}`)).toEqual({ errno: -1005, message: 'Job not in chosen space!' });
    expect(await failure(client, 'SHOW JOB 999')).toEqual({ errno: -1005, message: 'Key not existed!' });
    // A STOPPED job without a start time expires at once before 3.4.
    expect((await client.execute('SHOW JOBS')).data['Job Id']).toEqual([]);
  });

  it('labels, balance times and unknown-space text follow the version', async () => {
    const now = (): Date => at('2024-06-01T00:00:00Z');
    const v32 = await c.start({ version: '3.2.1', now });
    const v33 = await c.start({ version: '3.3.0', now });
    const start = at('2024-05-31T10:00:00Z');
    const balance = { command: 'ZONE_BALANCE', status: 'FAILED', startTime: start, stopTime: null } as const;
    v32.addJob('nba', balance);
    const id33 = v33.addJob('nba', balance);
    const c32 = await c.connect(v32);
    const c33 = await c.connect(v33);
    expect((await c32.execute('SHOW JOBS')).data.Command).toEqual(['ZONE_BALANCE']);
    expect((await c33.execute('SHOW JOBS')).data.Command).toEqual(['DATA_BALANCE']);
    const shown = (await c33.execute(`SHOW JOB ${id33}`)).data;
    expect([shown['Start Time'][0], shown['Stop Time'][0]]).toEqual(['2024-05-31T10:00:00.000000000', '__EMPTY__']);
    expect(await failure(c33, 'USE nope')).toEqual({ errno: -1005, message: 'SpaceNotFound: ' });
  });
});

describe('fake graphd: SHOW HOSTS GRAPH tells the version', () => {
  const c = cluster();
  afterEach(() => c.close());

  it('lists this graphd with the real columns and its version', async () => {
    const graphd = await c.start({ version: '3.6.0' });
    const client = await c.connect(graphd);
    const result = await client.execute('SHOW HOSTS GRAPH');
    expect(result.data).toEqual({
      Host: ['127.0.0.1'],
      Port: [graphd.port],
      Status: ['ONLINE'],
      Role: ['GRAPH'],
      'Git Info Sha': ['de9b3ed'],
      Version: ['3.6.0'],
    });
  });

  it('needs no space and no role', async () => {
    const graphd = await c.start({ authorize: true });
    graphd.addUser('nobody', 'pw');
    const session = graphd.sessions.login('nobody', 'pw', '127.0.0.1');
    const ctx = { engine: graphd.engine, sessions: graphd.sessions, now: () => 0, balanceEnabled: false, hosts: graphd.hosts };
    expect(run('SHOW HOSTS GRAPH', session, ctx)).toMatchObject({ code: 0, spaceName: '', table: { rows: [['127.0.0.1', graphd.port, 'ONLINE', 'GRAPH', 'fa92893', '3.8.0']] } });
  });

  it('lists every graphd metad knows, in a mixed-version cluster too', async () => {
    const graphd = await c.start({ hostName: 'graphd0', gitInfoSha: 'abc1234' });
    graphd.setHosts('GRAPH', [
      { host: 'graphd0', port: 9669 },
      { host: 'graphd1', port: 9669, version: '3.4.1', gitInfoSha: 'db3c1b3' },
      { host: 'graphd2', port: 9669, status: 'OFFLINE', version: null },
    ]);
    const client = await c.connect(graphd);
    const data = (await client.execute('SHOW HOSTS GRAPH')).data;
    expect(data.Version).toEqual(['3.8.0', '3.4.1', null]);
    expect(data['Git Info Sha']).toEqual(['abc1234', 'db3c1b3', 'abc1234']);
    expect(data.Status).toEqual(['ONLINE', 'ONLINE', 'OFFLINE']);
    expect((await client.execute('SHOW HOSTS META')).data.Role).toEqual(['META']);
    expect((await client.execute('SHOW HOSTS STORAGE')).data.Host).toEqual(['storaged0', 'storaged1', 'storaged2']);
  });
});

describe('fake graphd: unusual space names', () => {
  const c = cluster();
  afterEach(() => c.close());

  const names = [
    'my space',
    'a#b',
    'c:d',
    'cafe\u0301', // combining acute accent
    '🚀 rockets',
    'back`tick',
    'back\\slash',
    'x'.repeat(240),
    '空间',
    '-dash',
  ];

  it('creates them, lists them in byte order and resolves them in back-quotes', async () => {
    const graphd = await c.start();
    for (const name of names) graphd.createSpace(name);
    const ids = names.map((name) => graphd.addJob(name, { command: 'FLUSH', status: 'QUEUE' }));
    const client = await c.connect(graphd);
    const listed = (await client.execute('SHOW SPACES')).data.Name;
    const bytewise = [...names, 'nba'].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect(listed).toEqual(bytewise);
    for (const [index, name] of names.entries()) {
      const result = await client.execute(`USE ${quote(name)}; SHOW JOBS`);
      expect(result.space_name).toBe(name);
      expect(result.data['Job Id']).toEqual([ids[index]]);
    }
  });

  it("reads graphd's escapes and answers graphd's errors", async () => {
    const graphd = await c.start();
    graphd.createSpace('AA`\\ z');
    graphd.createSpace('a.b');
    const client = await c.connect(graphd);
    expect((await client.execute('USE `\\u0041\\101\\`\\\\\\ z`')).space_name).toBe('AA`\\ z');
    expect((await client.execute('USE `a\\.b`')).space_name).toBe('a.b');
    expect(await failure(client, 'USE `no such space`; SHOW JOBS')).toEqual({ errno: -1005, message: 'SpaceNotFound: SpaceName `no such space`' });
    expect(await failure(client, 'USE `my space')).toEqual({ errno: -1004, message: "SyntaxError: Unterminated string:  near `my space'" });
    expect(await failure(client, 'USE `my\nspace`; SHOW JOBS')).toEqual({ errno: -1004, message: "SyntaxError: syntax error near `\nspace`;'" });
    expect(await failure(client, 'USE `a.b`')).toEqual({ errno: -1004, message: "SyntaxError: Don't allow DOT in label: near `.b`'" });
    const long = await failure(client, `USE \`${'é'.repeat(2049)}\``);
    expect(long.errno).toBe(-1004);
    expect(long.message).toMatch(/^SyntaxError: Out of range of the LABEL length, the {2}max length of LABEL is 4096: near `/);
    expect(() => graphd.createSpace('é'.repeat(2049))).toThrow(/4,096 bytes/);
  });
  it("shows why such a space cannot be the client's `space` option: it sends `Use <name>` unquoted", async () => {
    const graphd = await c.start();
    graphd.createSpace('my space');
    const seen = new Promise<Failure>((resolve) => {
      const client = createClient({ servers: [graphd.address], userName: 'root', password: 'nebula', space: 'my space', poolSize: 1 }) as never as Client;
      client.on('error', ({ error }: { error: Failure }) => {
        void client.close();
        resolve(error);
      });
    });
    expect(await seen).toMatchObject({ errno: -1004, message: "SyntaxError: syntax error near `space'" });
    expect(graphd.statements()).toContain('Use my space');
  });
});

describe("fake graphd: job expiry on metad's clock", () => {
  const c = cluster();
  afterEach(() => c.close());

  it("expires by --job_expired_secs measured on the fake's clock, whatever the test's clock says", async () => {
    let clock = at('2031-03-01T12:00:00Z'); // metad's clock, years away from the machine's
    const graphd = await c.start({ now: () => clock, jobExpiredSecs: 3600 });
    const client = await c.connect(graphd);
    const old = graphd.addJob('nba', { command: 'FLUSH', status: 'FINISHED', startTime: at('2031-03-01T10:59:59Z') });
    const young = graphd.addJob('nba', { command: 'STATS', status: 'FAILED', startTime: at('2031-03-01T11:30:00Z') });
    const running = graphd.addJob('nba', { command: 'COMPACT', status: 'RUNNING', startTime: at('2031-02-01T00:00:00Z') });
    expect((await client.execute('SHOW JOBS')).data['Job Id']).toEqual([running, young]);
    expect(graphd.job('nba', old)).toBeUndefined();
    clock = at('2031-03-01T12:30:01Z');
    expect((await client.execute(`RECOVER JOB ${young}`)).data['Recovered job num']).toEqual([0]);
    graphd.jobExpiredSecs = 604_800;
    expect((await client.execute(`RECOVER JOB ${young}`)).data['Recovered job num']).toEqual([1]);
  });
});

describe('fake graphd: several clusters in one process', () => {
  const c = cluster();
  afterEach(() => c.close());

  it('runs two fakes independently, one hanging every statement while the other answers', async () => {
    const east = await c.start({ version: '3.8.0' });
    const west = await c.start({ version: '3.2.1' });
    const eastJob = east.addJob('nba', { command: 'STATS', status: 'RUNNING' });
    const westJob = west.addJob('nba', { command: 'COMPACT', status: 'RUNNING' });
    const eastClient = await c.connect(east);
    const westClient = await c.connect(west);
    east.hang(() => true);
    const from = east.mark();
    const hung = eastClient.execute('SHOW JOBS');
    await east.waitForStatement(/^SHOW JOBS$/, { from });
    expect((await westClient.execute('SHOW JOBS')).data['Job Id']).toEqual([westJob]);
    expect((await westClient.execute(`STOP JOB ${westJob}`)).data.Result).toEqual(['Job stopped']); // 3.2 rules
    expect(east.statementsMatching(/^SHOW JOBS$/).map((entry) => entry.answered)).toEqual([false]);
    expect(west.statements()).toEqual(['Use nba', 'SHOW JOBS', `STOP JOB ${westJob}`]);
    expect(east.job('nba', eastJob)?.status).toBe('RUNNING');
    east.clearFaults();
    east.releaseHung();
    await hung;
    expect((await eastClient.execute('SHOW JOBS')).data['Job Id']).toEqual([eastJob]);
  });
});
