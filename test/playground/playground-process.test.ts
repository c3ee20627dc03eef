import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BotProcess } from '../support/bot-process';

/** `npm run demo` without Slack tokens, as a process: one line with the address, a clean stop. */
describe('the playground as a process', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'nebula-jobs-playground-process-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('starts without any Slack token, prints where to open it, serves the page, and stops on SIGTERM', async () => {
    const demo = BotProcess.start({ PORT: '0', DATABASE_PATH: join(dir, 'playground.db') }, 'demo/main.ts');
    const line = await demo.waitForLine(/Local playground/, 30_000);
    expect(line).toMatch(/^Local playground \(not Slack; the NebulaGraph cluster is simulated\) running at http:\/\/localhost:\d+\/: open it in a browser\. Ctrl\+C stops it\.$/);
    const port = /localhost:(\d+)/.exec(line)?.[1];
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Local playground: this is not Slack.');
    demo.kill('SIGTERM');
    expect((await demo.exit()).code).toBe(0);
  });

  it('says in one line when its port is taken', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', () => resolve()));
    const { port } = taken.address() as { port: number };
    try {
      const demo = BotProcess.start({ PORT: String(port), DATABASE_PATH: join(dir, 'taken.db') }, 'demo/main.ts');
      expect((await demo.exit(30_000)).code).toBe(1);
      expect(demo.lines.at(-1)).toBe(`Port ${port} is already in use: choose another with PORT, e.g. PORT=${port + 1} npm run demo`);
    } finally {
      taken.close();
    }
  });
});
