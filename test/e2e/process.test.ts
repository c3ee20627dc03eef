import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BOT_TOKEN, SIGNING_SECRET } from '../support/bot-harness';
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
});
