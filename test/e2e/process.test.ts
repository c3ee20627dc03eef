import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { APP_TOKEN, BOT_TOKEN, SIGNING_SECRET } from '../support/bot-harness';
import { BotProcess } from '../support/bot-process';
import { SlackFake } from '../support/slack-fake';

describe('the bot as a process', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'nebula-jobs-process-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a bad configuration with one clear line per problem and exit code 1', async () => {
    const bot = BotProcess.start({ SLACK_BOT_TOKEN: 'xoxp-not-a-bot-token', PORT: 'eighty', NEBULA_SERVERS: 'graphd' });
    const exit = await bot.exit();
    expect(exit.code).toBe(1);
    expect(bot.lines).toEqual([
      expect.stringMatching(/^config: SLACK_BOT_TOKEN: must be a bot token starting with xoxb-/),
      expect.stringMatching(/^config: PORT: must be a port number/),
      expect.stringMatching(/^config: NEBULA_SERVERS: must be host:port pairs/),
      expect.stringMatching(/^config: SLACK_SIGNING_SECRET: required in HTTP mode/),
    ]);
    expect(bot.lines.join('\n')).not.toContain('xoxp-not-a-bot-token');
  });

  it('refuses an invalid access policy the same way', async () => {
    const file = join(dir, 'access.json');
    writeFileSync(file, JSON.stringify({ rules: [{ subjects: ['bob'], spaces: ['*'], role: 'god' }] }));
    const bot = BotProcess.start({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, ACCESS_FILE: file });
    expect((await bot.exit()).code).toBe(1);
    expect(bot.lines).toEqual([expect.stringMatching(/^config: ACCESS_FILE rules\[0\]\.subjects\[0\]/), expect.stringMatching(/^config: ACCESS_FILE rules\[0\]\.role/)]);
  });

  it('runs the demo against the simulated cluster, saying so, and stops on SIGTERM', async () => {
    const slack = await SlackFake.start();
    try {
      const bot = BotProcess.start(
        { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl, PORT: '0', DATABASE_PATH: join(dir, 'demo.db') },
        'demo/main.ts',
      );
      expect(await bot.waitForLine(/"demo.simulated_cluster"/)).toContain('DEMO MODE');
      await bot.waitForLine(/"bot.started"/);
      bot.kill('SIGTERM');
      expect((await bot.exit()).code).toBe(0);
    } finally {
      await slack.close();
    }
  });

  describe('start-up problems outside the environment check: one line on stderr, exit code 1', () => {
    const base = (): Record<string, string> => ({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      PORT: '0',
      NEBULA_SERVERS: '127.0.0.1:9',
      DATABASE_PATH: join(dir, `bot-${randomUUID().slice(0, 8)}.db`),
    });

    async function refused(env: Record<string, string>, user?: { uid: number; gid: number }): Promise<string[]> {
      const bot = BotProcess.start({ ...base(), ...env }, 'main.ts', user);
      expect((await bot.exit(60_000)).code).toBe(1);
      expect(bot.lines.join('\n')).not.toContain(BOT_TOKEN);
      return bot.errors;
    }

    it('names DATABASE_PATH when it is a folder', async () => {
      const folder = join(dir, 'a-folder');
      mkdirSync(folder);
      expect(await refused({ DATABASE_PATH: folder })).toEqual([
        `config: DATABASE_PATH: ${folder}: is a folder, not a file; give a file in it, e.g. ${join(folder, 'nebula-jobs.db')}`,
      ]);
    });

    it('names DATABASE_PATH when a file stands where its folder should be', async () => {
      const file = join(dir, 'a-file');
      writeFileSync(file, 'not a folder');
      expect(await refused({ DATABASE_PATH: join(file, 'data', 'bot.db') })).toEqual([`config: DATABASE_PATH: ${join(file, 'data', 'bot.db')}: ${file} is a file, not a folder`]);
    });

    it('names DATABASE_PATH when its folder is not writable, and the user the bot runs as', async () => {
      // root may write anywhere: the bot then runs as nobody, as the image runs it as node.
      const root = process.getuid?.() === 0;
      const user = root ? { uid: 65534, gid: 65534 } : undefined;
      const folder = join(dir, 'read-only');
      mkdirSync(folder);
      chmodSync(dir, 0o755);
      chmodSync(folder, root ? 0o755 : 0o555);
      const path = join(folder, 'bot.db');
      expect(await refused({ DATABASE_PATH: path }, user)).toEqual([
        `config: DATABASE_PATH: ${path}: cannot create the file in ${folder}: permission denied (EACCES) for uid ${user?.uid ?? process.getuid?.()}`,
      ]);
      chmodSync(folder, 0o755);
    });

    it('refuses a DATABASE_PATH under /proc at once, instead of hanging', async () => {
      expect(await refused({ DATABASE_PATH: '/proc/nebula-jobs/bot.db' })).toEqual([
        "config: DATABASE_PATH: /proc/nebula-jobs/bot.db: /proc is on procfs, the kernel's process information, not a disk; use a file on a local disk, e.g. /data/nebula-jobs.db",
      ]);
      expect(await refused({ DATABASE_PATH: '/proc/self/status' })).toEqual([
        "config: DATABASE_PATH: /proc/self/status: /proc/self is on procfs, the kernel's process information, not a disk; use a file on a local disk, e.g. /data/nebula-jobs.db",
      ]);
    });

    it.each(['http', 'socket'] as const)('names PORT when it is already in use (%s mode)', async (mode) => {
      const slack = await SlackFake.start();
      const taken = createServer();
      await new Promise<void>((resolve) => taken.listen(0, resolve));
      const port = (taken.address() as AddressInfo).port;
      try {
        const env: Record<string, string> = mode === 'socket' ? { SLACK_SIGNING_SECRET: '', SLACK_APP_TOKEN: APP_TOKEN } : {};
        expect(await refused({ ...env, SLACK_API_URL: slack.apiUrl, PORT: String(port) })).toEqual([
          `config: PORT: ${port} is already in use (EADDRINUSE); choose another port, or stop what listens on it`,
        ]);
      } finally {
        await new Promise((resolve) => taken.close(resolve));
        await slack.close();
      }
    });

    it('says which Slack token was rejected: the bot token (auth.test) or the app token (apps.connections.open)', async () => {
      const slack = await SlackFake.start();
      try {
        slack.failNext('auth.test', { error: 'invalid_auth' }, 1);
        expect(await refused({ SLACK_API_URL: slack.apiUrl })).toEqual([
          "config: SLACK_BOT_TOKEN: Slack rejected the bot token (invalid_auth from auth.test); copy the Bot User OAuth Token (xoxb-…) from your Slack app's OAuth & Permissions page",
        ]);
        slack.failNext('apps.connections.open', { error: 'invalid_auth' }, 1);
        expect(await refused({ SLACK_SIGNING_SECRET: '', SLACK_APP_TOKEN: APP_TOKEN, SLACK_API_URL: slack.apiUrl })).toEqual([
          'config: SLACK_APP_TOKEN: Slack rejected the app-level token (invalid_auth from apps.connections.open); generate one with the connections:write scope under Basic Information → App-Level Tokens',
        ]);
      } finally {
        await slack.close();
      }
    });

    it('names the URL when Slack cannot be reached', async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/api/`;
      await new Promise((resolve) => closed.close(resolve));
      expect(await refused({ SLACK_API_URL: url })).toEqual([`config: SLACK_API_URL: cannot reach Slack's Web API at ${url} (ECONNREFUSED)`]);
    });

    it('exits 0 on SIGTERM while start-up is blocked on a Slack that does not answer', async () => {
      let asked: () => void = () => undefined;
      const called = new Promise<void>((resolve) => (asked = resolve));
      const silent = createServer(() => asked()); // takes the request, never answers
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      try {
        const bot = BotProcess.start({ ...base(), SLACK_API_URL: `http://127.0.0.1:${(silent.address() as AddressInfo).port}/api/` });
        await called;
        bot.kill('SIGTERM');
        expect(await bot.exit()).toEqual({ code: 0, signal: null });
        expect(bot.errors).toEqual([]);
      } finally {
        silent.closeAllConnections();
        await new Promise((resolve) => silent.close(resolve));
      }
    });
  });

  it('keeps the database, its WAL and shared-memory files readable by their owner only', async () => {
    const slack = await SlackFake.start();
    const modes = (path: string): number[] => ['', '-wal', '-shm'].map((suffix) => statSync(`${path}${suffix}`).mode & 0o777);
    try {
      const fresh = join(dir, 'fresh', 'bot.db');
      const env = { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl, PORT: '0', NEBULA_SERVERS: '127.0.0.1:9' };
      let bot = BotProcess.start({ ...env, DATABASE_PATH: fresh });
      await bot.waitForLine(/"bot.started"/);
      expect(modes(fresh)).toEqual([0o600, 0o600, 0o600]);
      bot.kill('SIGKILL'); // leaves the WAL and shared-memory files behind
      await bot.exit();

      // A file an older version created world-readable is tightened at start-up.
      for (const suffix of ['', '-wal', '-shm']) chmodSync(`${fresh}${suffix}`, 0o644);
      bot = BotProcess.start({ ...env, DATABASE_PATH: fresh });
      await bot.waitForLine(/"bot.started"/);
      expect(modes(fresh)).toEqual([0o600, 0o600, 0o600]);
      bot.kill('SIGTERM');
      expect((await bot.exit()).code).toBe(0);
    } finally {
      await slack.close();
    }
  });

  /** A thread's nice value: field 19 of its /proc stat line (after the parenthesised name). */
  function niceOf(pid: number, tid: number): number {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  }

  /** A bot process against the Slack fake; resolves once started, with its front thread's id and the nice value it logged. */
  async function startedBot(slack: SlackFake, env: Record<string, string> = {}): Promise<{ bot: BotProcess; frontThread: number; answerNice: number | null }> {
    const bot = BotProcess.start({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      PORT: '0',
      NEBULA_SERVERS: '127.0.0.1:9',
      DATABASE_PATH: join(dir, `priority-${randomUUID()}.db`),
      ...env,
    });
    const listening = JSON.parse(await bot.waitForLine(/"slack.front_listening"/)) as { frontThread: number; answerNice: number | null };
    await bot.waitForLine(/"bot.started"/);
    return { bot, ...listening };
  }

  /** The nice value of each thread but the front: main (listeners, poller, outbox), the NebulaGraph client's, V8's helpers. */
  function othersNice(pid: number, frontThread: number): number[] {
    const others = readdirSync(`/proc/${pid}/task`)
      .map(Number)
      .filter((tid) => tid !== frontThread);
    expect(others).toContain(pid);
    expect(others.length).toBeGreaterThanOrEqual(3);
    return others.map((tid) => niceOf(pid, tid));
  }

  (process.platform === 'linux' ? it : it.skip)('acks on a front thread at the process priority; every other thread runs ANSWER_NICE (10) lower, or not with 0', async () => {
    const slack = await SlackFake.start();
    try {
      const base = getPriority();
      const lowered = Math.min(19, base + 10);
      const { bot, frontThread, answerNice } = await startedBot(slack);
      const pid = bot.pid as number;
      expect(answerNice).toBe(lowered);
      expect(niceOf(pid, frontThread)).toBe(base);
      expect(new Set(othersNice(pid, frontThread))).toEqual(new Set([lowered]));
      bot.kill('SIGTERM');
      expect((await bot.exit()).code).toBe(0);

      const same = await startedBot(slack, { ANSWER_NICE: '0' });
      expect(same.answerNice).toBeNull();
      expect(new Set(othersNice(same.bot.pid as number, same.frontThread))).toEqual(new Set([base]));
      same.bot.kill('SIGTERM');
      expect((await same.bot.exit()).code).toBe(0);
    } finally {
      await slack.close();
    }
  });
});
