import { APP_TOKEN, BOT_TOKEN, type Harness, SIGNING_SECRET, startHarness } from '../support/bot-harness';

describe('logs', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it.each(['http', 'socket'] as const)('are JSON lines with a level, and never contain a secret (%s, debug level)', async (mode) => {
    h = await startHarness({
      mode,
      env: { LOG_LEVEL: 'debug', NEBULA_PASSWORD: 'graphd-password-91f' },
      policy: { rules: [{ subjects: ['UADMIN'], spaces: ['*'], role: 'admin' }] },
    });
    h.graphd.addJob('nba', { command: 'STATS', status: 'RUNNING' });
    await h.command('list nba');
    await h.command('subscribe nba', { userId: 'UADMIN' });
    await h.bot.poller.pollOnce();
    await h.command('frobnicate');
    await h.graphd.stop();
    await h.command('list nba');
    expect(h.logs.length).toBeGreaterThan(5);
    for (const line of h.logs) {
      const entry = JSON.parse(line) as { level: string; msg: string; time: string };
      expect(['debug', 'info', 'warn', 'error']).toContain(entry.level);
      expect(typeof entry.msg).toBe('string');
      expect(Number.isNaN(Date.parse(entry.time))).toBe(false);
    }
    const all = h.logs.join('\n');
    expect(all).toContain('"msg":"slack.command"');
    expect(all).toMatch(/"command":"unparsed","failure":"invalid-input"/);
    for (const secret of [BOT_TOKEN, SIGNING_SECRET, APP_TOKEN, 'graphd-password-91f']) expect(all).not.toContain(secret);
  });
});
