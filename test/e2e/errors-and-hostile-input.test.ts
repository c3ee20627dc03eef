import type { GraphClient } from '../../src/nebula/client/graph-client';
import { type Harness, startHarness } from '../support/bot-harness';
import { expectValidMessage } from '../support/slack-fake';

/** Resolves when the bot's NebulaGraph client reaches the state (on its state events). */
function waitForNebula(h: Harness, state: string, timeoutMs = 5000): Promise<void> {
  const nebula = h.bot.nebula?.clients()[0].client as GraphClient;
  if (nebula.health().state === state) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`nebula client never became ${state} (is ${nebula.health().state})`));
    }, timeoutMs);
    const off = nebula.onStateChange((health) => {
      if (health.state !== state) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

function replyText(body: Record<string, unknown>): string {
  return JSON.stringify(body);
}

describe('bad input and failures get their own short ephemeral message', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function expectReply(text: string, expected: RegExp, options?: { userId?: string }): Promise<string> {
    const reply = await h.command(text, options);
    expectValidMessage(reply.body);
    expect(reply.body.response_type).toBe('ephemeral');
    const body = replyText(reply.body);
    expect(body).toMatch(expected);
    expect(body).not.toMatch(/at [A-Za-z.]+ \(|\.ts:\d+|Error: /); // no stack traces
    return body;
  }

  it('explains each kind of bad input', async () => {
    h = await startHarness();
    await expectReply('frobnicate', /Unknown command `frobnicate`.*help/);
    await expectReply('list nba colour=red', /Unknown option `colour`/);
    await expectReply('list nba status=done', /not a job status.*QUEUE, RUNNING/);
    await expectReply('show 1e3 nba', /`1e3` is not a job id.*1 to 2147483647/);
    await expectReply('show 42 nba', /Job 42 does not exist in space `nba`/);
    await expectReply('list nope', /Graph space `nope` does not exist/);
    await expectReply('list', /Which graph space\?/);
  });

  it('never lets hostile text reach graphd as a statement', async () => {
    h = await startHarness({ spaces: ['nba', 'y'] });
    const from = h.graphd.mark();
    const hostile = [
      'list x; DROP SPACE y',
      'list x;DROP SPACE y',
      'list `x`; DROP SPACE y; `',
      'list nba` ; DROP SPACE y',
      'list x\nDROP SPACE y',
      'show 1; DROP SPACE y',
      'show 1e3',
      'show -1',
      'show 99999999999',
      'show 0x10 nba',
      'show 1 nba;DROP',
      'use y; DROP SPACE y',
      'list nba command=x;DROP',
      'list nba id=1;DROP',
      'list nba since=1d;DROP',
      'stop 1; DROP SPACE y',
      'recover 1 nba`;DROP SPACE y',
      'list <!channel> &amp; <@U1>',
    ];
    for (const text of hostile) {
      const body = await expectReply(text, /./);
      expect(body).not.toContain('<!channel>');
    }
    const reached = h.graphd.statements({ from });
    expect(reached.filter((s) => /DROP|1e3|-1|99999999999|0x10|;\s*;/.test(s))).toEqual([]);
    // Whatever did reach graphd is one of the bot's own statement shapes.
    for (const statement of reached) {
      expect(statement).toMatch(/^(SHOW SPACES|SHOW HOSTS GRAPH|Use `[\w-]+`|USE `[\w-]+`; (SHOW JOBS|SHOW JOB \d+|STOP JOB \d+|RECOVER JOB \d+))$/);
    }
    expect(h.graphd.engine.hasSpace('y')).toBe(true);
  });

  it('reports a space the bot has no role in as a permission problem', async () => {
    h = await startHarness({
      graphd: { authorize: true },
      env: { NEBULA_USER: 'bot', NEBULA_PASSWORD: 'pw' },
      prepare: (graphd) => {
        graphd.addUser('bot', 'pw');
        graphd.createSpace('secret');
        graphd.grant('bot', 'nba', 'GUEST');
      },
    });
    // graphd lists only the spaces the account may read: the name is never sent to it.
    await expectReply('list secret', /`secret` does not exist or the bot cannot see it.*GRANT/);
    expect(h.graphd.statements().filter((s) => s.includes('secret'))).toEqual([]);
    await expectReply('list nba', /Jobs in nba/);
  });

  it('reports a wrong password as such (from the refused login, not a timeout), without leaking sessions', async () => {
    h = await startHarness({ graphd: { authorize: true }, env: { NEBULA_USER: 'root', NEBULA_PASSWORD: 'wrong' } });
    await expectReply('list nba', /rejected the bot's user name or password.*NEBULA_PASSWORD/);
    expect(h.graphd.activeSessions()).toBe(0);
    const attempts = h.graphd.authentications.attempts;
    await expectReply('list nba', /rejected the bot's user name or password/);
    // Within the back-off the bot does not log in again.
    expect(h.graphd.authentications.attempts).toBeLessThanOrEqual(attempts + 1);
  });

  it('reports graphd down as unreachable, and recovers when it is back', async () => {
    h = await startHarness();
    await expectReply('list nba', /Jobs in nba/);
    await h.graphd.stop();
    // Right away (a request may be in flight when the connection drops) and once the client knows.
    await expectReply('list nba', /Cannot reach NebulaGraph|connection to NebulaGraph (is down|was lost)/);
    await waitForNebula(h, 'reconnecting');
    await expectReply('list nba', /Cannot reach NebulaGraph|connection to NebulaGraph is down/);
    await h.graphd.restart();
    await waitForNebula(h, 'ready');
    await expectReply('list nba', /Jobs in nba/);
  });

  it('reports a slow graphd as a timeout', async () => {
    h = await startHarness({ env: { NEBULA_TIMEOUT_MS: '300' } });
    await expectReply('list nba', /Jobs in nba/);
    h.graphd.hang(/SHOW JOBS/);
    await expectReply('list nba', /did not answer within/);
  });
});
