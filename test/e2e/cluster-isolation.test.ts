import { type Harness, startHarness } from '../support/bot-harness';
import type { FakeGraphd } from '../support/graphd';
import { waitUntil } from '../support/wait-until';

/**
 * One cluster whose graphd hangs every statement holds up nothing of another: neither people's
 * lists nor the poll's alerts. Event-based throughout: the other cluster's answer arrives while
 * the hung cluster's statements are still unanswered (its timeout is a minute, far past the test).
 */

const POLICY = { rules: [{ subjects: ['UADMIN'], spaces: ['*'], role: 'admin' }] };
const text = (value: unknown): string => JSON.stringify(value);

describe('a hung cluster delays no other', () => {
  let h: Harness;
  afterEach(async () => {
    for (const graphd of Object.values(h?.graphds ?? {})) graphd.releaseHung();
    await h?.close();
  });

  /** Statements the graphd received after `from` and has not answered. */
  const unanswered = (graphd: FakeGraphd, from: number): string[] =>
    graphd.log
      .slice(from)
      .filter((e) => !e.answered)
      .map((e) => e.statement);

  it("lists prod while staging's reads hang, and answers staging once its graphd does", async () => {
    h = await startHarness({ policy: POLICY, clusters: { prod: { spaces: ['nba'] }, staging: { spaces: ['nba'], timeoutMs: 60_000 } } });
    const { prod, staging } = h.graphds;
    prod.addJob('nba', { command: 'COMPACT', status: 'FINISHED' });
    expect(text((await h.command('list staging/nba')).body)).toContain('Jobs in staging/nba');

    const from = staging.mark();
    staging.hang(() => true);
    const pending = await h.user.runCommand('list staging/nba');
    await staging.waitForStatement(/SHOW JOBS/, { from });

    const prodList = await h.command('list prod/nba');
    expect(text(prodList.body)).toContain('Jobs in prod/nba');
    // Staging's read is still waiting: nothing has been answered there, nor to its asker.
    expect(unanswered(staging, from)).toContain('USE `nba`; SHOW JOBS');
    expect(h.slack.responsesTo(pending.responseUrl)).toEqual([]);

    staging.clearFaults();
    staging.releaseHung();
    const late = await h.slack.waitForResponse(pending.responseUrl);
    expect(text(late.body)).toContain('Jobs in staging/nba');
  });

  it('answers prod while several people wait on a hung staging at once', async () => {
    h = await startHarness({ policy: POLICY, clusters: { prod: { spaces: ['nba'] }, staging: { spaces: ['nba', 'a', 'b', 'c', 'd', 'e'], timeoutMs: 60_000 } } });
    const { staging } = h.graphds;
    await h.command('list staging/nba');
    const from = staging.mark();
    staging.hang(() => true);
    const waiting = await Promise.all(['nba', 'a', 'b', 'c', 'd', 'e'].map((space, i) => h.as(`U${i}`).runCommand(`list staging/${space}`)));
    await staging.waitForCount(/SHOW JOBS/, 1);
    expect(text((await h.command('list prod/nba')).body)).toContain('Jobs in prod/nba');
    for (const sent of waiting) expect(h.slack.responsesTo(sent.responseUrl)).toEqual([]);
    staging.clearFaults();
    staging.releaseHung();
    for (const sent of waiting) await h.slack.waitForResponse(sent.responseUrl);
    expect(unanswered(staging, from).length).toBeGreaterThan(0);
  });

  it('polls and alerts prod while every SHOW JOBS of a hung cluster waits', async () => {
    // `canary` sorts before `prod`: its spaces are polled first, and there are more of them than slots.
    const canarySpaces = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'];
    h = await startHarness({ policy: POLICY, clusters: { canary: { spaces: canarySpaces, timeoutMs: 60_000 }, prod: { spaces: ['nba'] } } });
    const { canary, prod } = h.graphds;
    for (const space of canarySpaces) await h.command(`subscribe canary/${space}`, { userId: 'UADMIN', channelId: 'CCANARY' });
    expect(text((await h.command('subscribe prod/nba', { userId: 'UADMIN', channelId: 'CPROD' })).body)).toContain('`prod/nba`');
    const id = prod.addJob('nba', { command: 'STATS', status: 'RUNNING' });
    await h.bot.poller.pollOnce(); // the baseline

    prod.setJobStatus('nba', id, 'FAILED', { errorCode: 'E_RPC_FAILURE' });
    const from = canary.mark();
    canary.hang(() => true);
    const poll = h.bot.poller.pollOnce();
    let settled = false;
    void poll.finally(() => {
      settled = true;
    });
    await canary.waitForStatement(/SHOW JOBS/, { from });
    // prod's failure is committed to the outbox, and delivered, while canary's reads hang.
    await waitUntil(() => h.bot.sender.backlog() > 0, "prod's alert in the outbox");
    h.bot.sender.kick();
    const alert = await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === 'CPROD');
    expect(text(alert.args)).toContain(`Job ${id} FAILED in prod/nba`);
    expect(settled).toBe(false);
    expect(unanswered(canary, from).filter((s) => s.endsWith('SHOW JOBS')).length).toBeGreaterThan(0);

    canary.clearFaults();
    canary.releaseHung();
    expect(await poll).toMatchObject({ spaces: 7 });
  });
});
