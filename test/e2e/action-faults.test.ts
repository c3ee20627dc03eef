import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActionId } from '../../src/slack/interactive/action-ids';
import type { SqliteDatabase } from '../../src/store/database';
import { type Harness, startHarness } from '../support/bot-harness';
import { FakeGraphd } from '../support/graphd';
import { expectValidMessage, type SentRequest, SlackFake } from '../support/slack-fake';

/** Stop and recover when production goes wrong around them: a full disk, two bots on one database. */

type Message = Record<string, unknown> & { blocks?: unknown[] };

const POLICY = {
  defaultRole: 'viewer',
  rules: [
    { subjects: ['UOPS', 'UOPS2'], spaces: ['nba'], role: 'operator' },
    { subjects: ['UADMIN', 'UADMIN2'], spaces: ['*'], role: 'admin' },
  ],
  approvals: { stop: 'none', recover: 'none', expiresMinutes: 30, adminsBypass: false },
};

const text = (message: unknown): string => JSON.stringify(message);

/**
 * The disk fills up under the bot's own connection: SQLite may not grow the file any more and
 * its pages are full, so the next audit row fails with SQLITE_FULL ("database or disk is full").
 */
function fillDatabase(db: SqliteDatabase): void {
  db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
  const filler = db.prepare("INSERT INTO audit_log (at, user_id, space, job_id, action, result, detail) VALUES (0, 'UFILLER', '-', NULL, 'use', 'executed', '')");
  for (;;) {
    try {
      filler.run();
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_FULL') return;
      throw error;
    }
  }
}

describe('stop and recover under production faults', () => {
  let graphd: FakeGraphd;
  let slack: SlackFake;
  let dir: string;
  const harnesses: Harness[] = [];

  beforeEach(async () => {
    graphd = await FakeGraphd.start();
    graphd.createSpace('nba');
    slack = await SlackFake.start();
    dir = mkdtempSync(join(tmpdir(), 'nebula-jobs-faults-'));
  });

  afterEach(async () => {
    for (const h of harnesses.splice(0)) await h.close();
    await slack.close();
    await graphd.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function bot(options: { env?: Record<string, string>; policy?: unknown } = {}): Promise<Harness> {
    const h = await startHarness({
      policy: options.policy ?? POLICY,
      dir,
      graphdInstance: graphd,
      slackInstance: slack,
      env: options.env,
      // Two bots in one test process share a pid: neither may think the other is dead. The
      // client runs in this thread: two worker threads starting at once are slow on 2 cores.
      bot: { nebulaThread: 'main' },
    });
    harnesses.push(h);
    return h;
  }

  async function answer(sent: SentRequest): Promise<Message> {
    expect(sent.status).toBe(200);
    const post = await slack.waitForResponse(sent.responseUrl);
    expectValidMessage(post.body);
    return post.body as Message;
  }

  const stops = (): string[] => graphd.statements().filter((s) => /STOP JOB|RECOVER JOB/.test(s));

  it('tells the truth when STOP ran but the audit trail could not be written (disk full), and records it later', async () => {
    const h = await bot({ env: { NEBULA_TIMEOUT_MS: '20000' } });
    const id = graphd.addJob('nba', { command: 'STATS', status: 'RUNNING' });
    // A second operator has the same confirmation open, to click once the first stop is under way.
    const secondConfirmation = (await h.command(`stop ${id} nba`, { userId: 'UOPS2' })).body;
    graphd.hang(/STOP JOB/, { applyEffects: true, times: 1 });
    const reply = h.act(`stop ${id} nba`, { userId: 'UOPS' });
    await graphd.waitForStatement(/STOP JOB/, { timeoutMs: 10_000 });
    fillDatabase(h.bot.database); // the disk fills while graphd is stopping the job
    graphd.releaseHung();

    const said = text((await reply).body);
    expect(said).toContain(`<@UOPS> stopped job ${id}; it is now *STOPPED*`);
    expect(said).toContain('could not write it to its audit trail');
    expect(said).toContain('Do not stop it again');
    expect(said).not.toMatch(/try again|went wrong/i);
    expect(graphd.job('nba', id)?.status).toBe('STOPPED');

    // Another Stop meanwhile sends nothing: the unrecorded stop still holds the job.
    const click = await h.as('UOPS2').click(secondConfirmation as never, { actionId: ActionId.jobStop });
    const again = text((await h.slack.waitForResponse(click.responseUrl)).body);
    expect(again).toContain(`<@UOPS> is already stopping job ${id}`);
    expect(stops()).toEqual([`USE \`nba\`; STOP JOB ${id}`]);

    // Space is freed: the next sweep records what really happened, once.
    h.bot.database.pragma('max_page_count = 1073741823');
    await h.bot.finishActions();
    await h.bot.finishActions();
    const entries = h.bot.deps.audit.latest({ limit: 50 }).filter((e) => e.jobId === id && e.action === 'stop');
    expect(entries.map((e) => `${e.userId}:${e.result}`).sort()).toEqual(['UOPS2:refused', 'UOPS:executed']);
    expect(text((await h.command(`stop ${id} nba`, { userId: 'UOPS2' })).body)).toContain(`Job ${id} is already stopped (since`);
    expect(stops()).toHaveLength(1);
  });

  it('sends nothing, and says so, when the database cannot be written before the action', async () => {
    const h = await bot();
    const id = graphd.addJob('nba', { command: 'STATS', status: 'RUNNING' });
    h.bot.database.pragma('query_only = ON'); // every write now fails as on a read-only file
    try {
      const said = text((await h.act(`stop ${id} nba`, { userId: 'UOPS' })).body);
      expect(said).toContain('nothing was sent to NebulaGraph');
      expect(said).not.toMatch(/went wrong/i);
    } finally {
      h.bot.database.pragma('query_only = OFF');
    }
    expect(stops()).toEqual([]);
    expect(graphd.job('nba', id)?.status).toBe('RUNNING');
  });

  it('sends STOP once when two bots on one database get a click at once', async () => {
    const one = await bot();
    const two = await bot();
    const id = graphd.addJob('nba', { command: 'STATS', status: 'RUNNING' });
    const list = (await one.command('list nba', { userId: 'UOPS' })).body as Message;
    graphd.latencyMs = 300;
    const [a, b] = await Promise.all([one.as('UOPS').click(list, { actionId: ActionId.jobStop }), two.as('UOPS2').click(list, { actionId: ActionId.jobStop })]);
    const answers = await Promise.all([answer(a), answer(b)]);
    graphd.latencyMs = 0;
    expect(stops()).toEqual([`USE \`nba\`; STOP JOB ${id}`]);
    expect(answers.filter((m) => /is already stopping job \d+/.test(text(m)))).toHaveLength(1);
    expect(answers.filter((m) => text(m).includes(`stopped job ${id}; it is now *STOPPED*`))).toHaveLength(1);
  });
});
