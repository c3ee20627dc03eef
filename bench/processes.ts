import { type ChildProcess, fork, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/store/database';
import { SubscriptionRepository } from '../src/store/subscription-repository';
import { BOT_TOKEN, SIGNING_SECRET } from '../test/support/bot-harness';
import { onCpus } from './pinning';

const ROOT = join(__dirname, '..');
/** How the bot runs in production (package.json start, Dockerfile): see the README's Performance section. */
export const NODE_FLAGS = ['--max-semi-space-size=4', '--max-old-space-size=128'];

export interface Fakes {
  pid: number;
  graphd: string;
  apiUrl: string;
  baseUrl: string;
  ask<T = Record<string, unknown>>(request: Record<string, unknown>): Promise<T>;
  stop(): Promise<void>;
}

/** The fakes process, on `cpus` when given (`taskset -c` list). */
export async function startFakes(mode: 'ack' | 'scale', cpus?: string): Promise<Fakes> {
  const node = onCpus(cpus, process.execPath, ['-r', 'ts-node/register/transpile-only']);
  const child = fork(join(__dirname, 'fakes-process.ts'), [mode], { execPath: node.command, execArgv: node.args, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let next = 0;
  const pending = new Map<number, (message: Record<string, unknown>) => void>();
  const ready = new Promise<Record<string, string>>((resolve) => {
    child.on('message', (message: Record<string, unknown>) => {
      if (message.type === 'ready') resolve(message as Record<string, string>);
      const done = pending.get(message.id as number);
      if (done) {
        pending.delete(message.id as number);
        done(message);
      }
    });
  });
  const info = await ready;
  return {
    pid: child.pid ?? 0,
    graphd: info.graphd,
    apiUrl: info.apiUrl,
    baseUrl: info.baseUrl,
    ask: <T>(request: Record<string, unknown>) =>
      new Promise<T>((resolve, reject) => {
        next += 1;
        pending.set(next, (message) => (message.error ? reject(new Error(String(message.error))) : resolve(message as T)));
        child.send({ ...request, id: next });
      }),
    stop: async () => {
      child.send({ type: 'quit' });
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

export interface BotChild {
  child: ChildProcess;
  pid: number;
  /** The thread that acks: the bot's front thread (HTTP mode), the bare app's main thread. */
  ackThread: number;
  port: number;
  dir: string;
  peakRssMb(): number;
  stop(): Promise<void>;
}

export interface BotOptions {
  /** A Bolt app that only acknowledges, under the same flags, instead of the bot. */
  bare?: boolean;
  /** `taskset -c` list the process runs on; undefined: anywhere. */
  cpus?: string;
  /** Node flags on top of production's (--cpu-prof…). */
  nodeFlags?: string[];
  /** Another build of the bot (its dist/main.js), to compare with this one: see ab.ts. */
  main?: string;
}

/**
 * The built bot as production runs it, with its own database subscribed to `spaces`; or, with
 * `bare`, a Bolt app that only acknowledges.
 */
export async function startBotProcess(fakes: Fakes, spaces: string[], env: Record<string, string> = {}, options: BotOptions = {}): Promise<BotChild> {
  const { bare = false } = options;
  const dir = mkdtempSync(join(tmpdir(), 'nebula-jobs-bench-'));
  const db = openDatabase(join(dir, 'bot.db'));
  const subscriptions = new SubscriptionRepository(db);
  for (const space of spaces) subscriptions.subscribe('CBENCH', { cluster: 'default', space }, ['FAILED', 'STOPPED'], 'UADMIN', new Date());
  db.close();
  const entry = bare ? ['-r', 'ts-node/register/transpile-only', join(__dirname, 'bare-bolt.ts')] : [options.main ?? join(ROOT, 'dist', 'main.js')];
  const node = onCpus(options.cpus, process.execPath, [...NODE_FLAGS, ...(options.nodeFlags ?? []), ...entry]);
  // taskset execs node in place: the pid is the bot's.
  const child = spawn(node.command, node.args, {
    env: {
      PATH: process.env.PATH ?? '',
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fakes.apiUrl,
      PORT: '0',
      NEBULA_SERVERS: fakes.graphd,
      NEBULA_TIMEOUT_MS: '30000',
      DATABASE_PATH: join(dir, 'bot.db'),
      LOG_LEVEL: 'info',
      POLL_SCHEDULE: '0 0 0 1 1 *',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const { port, ackThread } = await new Promise<{ port: number; ackThread: number }>((resolve, reject) => {
    let buffered = '';
    const read = (chunk: Buffer): void => {
      buffered += chunk.toString();
      const started = /"msg":"bot.started".*?"port":(\d+)/.exec(buffered);
      if (!started) return;
      // From here on the logs are drained unread: scanning them would slow this, the timing process.
      child.stdout?.off('data', read);
      child.stdout?.resume();
      const front = /"msg":"slack.front_listening".*?"frontThread":(\d+)/.exec(buffered);
      resolve({ port: Number(started[1]), ackThread: front ? Number(front[1]) : (child.pid ?? 0) });
    };
    child.stdout?.on('data', read);
    child.once('exit', (code) => reject(new Error(`bot exited with ${code}`)));
  });
  return {
    child,
    pid: child.pid ?? 0,
    ackThread,
    port,
    dir,
    peakRssMb: () => Math.round(Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]) / 1024),
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
