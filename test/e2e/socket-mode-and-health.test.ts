import { APP_TOKEN, type Harness, startHarness } from '../support/bot-harness';

async function health(h: Harness): Promise<{ status: number; body: Record<string, any> }> {
  const response = await fetch(h.healthUrl);
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

/** Resolves when the bot's health answers with `status` (it changes on connection events). */
async function healthBecomes(h: Harness, status: number, event: () => Promise<unknown>): Promise<Record<string, any>> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const report = await health(h);
    if (report.status === status) return report.body;
    await event();
  }
  throw new Error(`health never answered ${status}`);
}

describe('Socket Mode', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('connects with the app token, answers commands over envelopes, and reconnects when Slack asks', async () => {
    h = await startHarness({ mode: 'socket' });
    const open = h.slack.callsTo('apps.connections.open');
    expect(open).toHaveLength(1);
    expect(open[0].token).toBe(APP_TOKEN);
    expect(h.slack.socket.open).toBe(1);

    const first = await h.command('spaces');
    expect(first.sent.status).toBe(200);
    expect(JSON.stringify(first.body)).toContain('`nba`');

    h.slack.socket.requestRefresh();
    await h.slack.socket.waitForConnection(5000, 2);
    expect(h.slack.callsTo('apps.connections.open')).toHaveLength(2);
    expect(JSON.stringify((await h.command('spaces')).body)).toContain('`nba`');

    h.slack.socket.dropAll();
    await h.slack.socket.waitForConnection(10_000, 3);
    expect(JSON.stringify((await h.command('help')).body)).toContain('list [space]');
  });

  it('reports itself unhealthy while the Socket Mode connection is down', async () => {
    h = await startHarness({ mode: 'socket' });
    const ok = await health(h);
    expect(ok.status).toBe(200);
    expect(ok.body.slack).toEqual({ mode: 'socket', connected: true });
    h.slack.socketModeAvailable = false;
    h.slack.socket.dropAll();
    const down = await healthBecomes(h, 503, () => new Promise((resolve) => h.slack.socket.events.once('closed', resolve)).catch(() => undefined));
    expect(down.problems).toContain('Slack Socket Mode connection is down');
    h.slack.socketModeAvailable = true;
    await h.slack.socket.waitForConnection(15_000, 2);
    await healthBecomes(h, 200, () => h.slack.socket.waitForConnection(1000, 2));
  });
});

describe('GET /healthz', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('reports Slack, NebulaGraph, how many spaces were polled and the outbox, naming no space', async () => {
    let clock = Date.now();
    h = await startHarness({ spaces: ['nba', 'secret_space'], bot: { now: () => new Date(clock) }, policy: { rules: [{ subjects: ['UADMIN'], spaces: ['*'], role: 'admin' }] } });
    await h.command('subscribe nba', { userId: 'UADMIN' });
    await h.command('subscribe secret_space', { userId: 'UADMIN' });
    await h.bot.poller.pollOnce();
    clock += 9_000; // within the poller lease, which the test clock does not let the heartbeat renew
    const report = await health(h);
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({
      status: 'ok',
      problems: [],
      slack: { mode: 'http', connected: true },
      nebula: { state: 'ready', readyConnections: 2, lastError: null },
      poller: { active: true, spacesPolled: 2, oldestSuccessfulPollAgeSeconds: 9 },
      outbox: { backlog: 0, paused: null, dropped: { count: 0, latest: null } },
    });
    // The body is unauthenticated: it names no space.
    expect(JSON.stringify(report.body)).not.toMatch(/nba|secret_space/);
  });

  it('answers 503 once NebulaGraph has been unreachable past the grace period', async () => {
    let clock = Date.now();
    h = await startHarness({ bot: { now: () => new Date(clock) } });
    await h.command('list nba');
    await h.graphd.stop();
    await h.command('list nba'); // the bot notices
    const soon = await health(h);
    expect(soon.status).toBe(200);
    expect(['reconnecting', 'unreachable']).toContain(soon.body.nebula.state);
    clock += 3 * 60_000;
    const late = await health(h);
    expect(late.status).toBe(503);
    expect(late.body.problems[0]).toMatch(/^NebulaGraph unreachable since/);
    // What the log says (ECONNREFUSED, once the client's reconnect is refused), health says too.
    const refused = async (): Promise<boolean> => /ECONNREFUSED/.test(String((await health(h)).body.nebula.lastError));
    const deadline = Date.now() + 10_000;
    while (!(await refused()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await health(h)).body.nebula.lastError).toMatch(/ECONNREFUSED/);
    expect(h.logs.some((line) => line.includes('ECONNREFUSED'))).toBe(true);
    expect(JSON.stringify(late.body)).not.toContain('nebula-jobs-bot-token');
  });
});
