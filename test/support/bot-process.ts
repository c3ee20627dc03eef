import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { BOT_TOKEN, SIGNING_SECRET } from './bot-harness';
import { builtFile } from './test-build';

const ROOT = join(__dirname, '..', '..');

/**
 * The bot as a real OS process (the sources compiled once per jest run), for what only a process can
 * show: kill -9, restarts on the same database, and exit codes on signals.
 */
export class BotProcess {
  /** Everything printed, stdout and stderr, line by line. */
  readonly lines: string[] = [];
  /** What went to stderr only (start-up problems). */
  readonly errors: string[] = [];
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(private readonly child: ChildProcess) {
    const collect = (chunk: Buffer): void => {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) this.lines.push(line);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.stderr?.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) this.errors.push(line);
    });
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /** `user`: run as another OS user (uid and gid), e.g. to meet a folder it may not write. */
  static start(env: Record<string, string>, entry = 'main.ts', user?: { uid: number; gid: number }): BotProcess {
    const built = builtFile(entry.replace(/\.ts$/, ''));
    const args = built ? [built] : ['-r', 'ts-node/register/transpile-only', join(ROOT, 'src', entry)];
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...user,
    });
    return new BotProcess(child);
  }

  /** The bot against the fakes, polling every second, with its database in `dir`. */
  static against(fakes: { graphdAddress: string; slackApiUrl: string; dir: string }, env: Record<string, string> = {}): BotProcess {
    return BotProcess.start({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fakes.slackApiUrl,
      PORT: '0',
      NEBULA_SERVERS: fakes.graphdAddress,
      NEBULA_TIMEOUT_MS: '2000',
      DATABASE_PATH: join(fakes.dir, 'bot.db'),
      POLL_SCHEDULE: '* * * * * *',
      LOG_LEVEL: 'info',
      ...env,
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  exit(timeoutMs = 15_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    return Promise.race([
      this.exited,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`bot process did not exit; last output:\n${this.lines.slice(-10).join('\n')}`)), timeoutMs).unref()),
    ]);
  }

  /** Resolves when a log line matches (checking lines already printed first). */
  async waitForLine(pattern: RegExp, timeoutMs = 20_000): Promise<string> {
    await this.waitForLines(pattern, 1, timeoutMs);
    return this.lines.find((line) => pattern.test(line)) as string;
  }

  /** Resolves once at least `count` log lines match. */
  waitForLines(pattern: RegExp, count: number, timeoutMs = 20_000): Promise<void> {
    const enough = (): boolean => this.lines.filter((line) => pattern.test(line)).length >= count;
    if (enough()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onData = (): void => {
        if (!enough()) return;
        clearTimeout(timer);
        this.child.stdout?.off('data', onData);
        resolve();
      };
      const timer = setTimeout(() => {
        this.child.stdout?.off('data', onData);
        reject(new Error(`fewer than ${count} log lines matching ${pattern}; last output:\n${this.lines.slice(-10).join('\n')}`));
      }, timeoutMs);
      this.child.stdout?.on('data', onData);
    });
  }
}
