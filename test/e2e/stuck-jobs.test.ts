import { ActionId } from '../../src/slack/interactive/action-ids';
import { type Harness, type HarnessOptions, startHarness } from '../support/bot-harness';
import type { FakeGraphd } from '../support/graphd';
import { expectValidMessage, interactiveElements, type PostedMessage } from '../support/slack-fake';

const POLICY = {
  rules: [
    { subjects: ['UADMIN'], spaces: ['*'], role: 'admin' },
    { subjects: ['UOPS'], spaces: ['*'], role: 'operator' },
  ],
};
type Message = Record<string, unknown> & { blocks?: unknown[] };

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/**
 * Following a job through its whole life: stuck jobs (running longer than its kind usually takes
 * here, or queued behind such a job), failed balance jobs that block new balances, and finished
 * notices. The fake graphd's clock and the bot's clock are one clock the test moves.
 */
describe('stuck jobs, blocked balances and finished notices', () => {
  let h: Harness;
  let clock: number;
  const now = (): Date => new Date(clock);
  afterEach(async () => h?.close());

  async function start(options: HarnessOptions = {}): Promise<Harness> {
    clock = Date.now();
    h = await startHarness({ policy: POLICY, graphd: { now }, ...options, bot: { now, ...options.bot } });
    return h;
  }

  async function subscribe(channelId: string, extra = ''): Promise<void> {
    expect(JSON.stringify((await h.command(`subscribe nba${extra}`, { userId: 'UADMIN', channelId })).body)).toContain('now gets an alert');
  }

  async function poll(on: Harness = h): Promise<void> {
    await on.bot.poller.pollOnce();
    await on.bot.sender.idle();
  }

  const topLevel = (channel: string): PostedMessage[] => h.slack.messagesIn(channel).filter((m) => !m.threadTs);
  const replies = (channel: string, ts: string): PostedMessage[] => h.slack.messagesIn(channel).filter((m) => m.threadTs === ts);
  const text = (value: unknown): string => JSON.stringify(value);
  const actionIds = (message: PostedMessage | undefined): string[] => interactiveElements(message as PostedMessage).map((e) => e.actionId);

  /** Five finished COMPACT runs of 40m to 1h 10m in the last days: what the bot learns "usual" from. */
  function compactHistory(graphd: FakeGraphd): void {
    [40, 50, 60, 70, 45].forEach((minutes, i) => {
      const startTime = new Date(clock - (i + 1) * DAY);
      graphd.addJob('nba', { command: 'COMPACT', status: 'FINISHED', startTime, stopTime: new Date(startTime.getTime() + minutes * MIN) });
    });
  }

  it('tells a channel subscribing late which jobs already look stuck (their alert went out before)', async () => {
    await start();
    compactHistory(h.graphd);
    const id = h.graphd.addJob('nba', { command: 'COMPACT', status: 'RUNNING' });
    await subscribe('C1');
    await poll();
    clock += 4 * HOUR;
    await poll();
    expect(topLevel('C1')).toHaveLength(1);

    const reply = (await h.command('subscribe nba', { userId: 'UADMIN', channelId: 'CLATE' })).body;
    expectValidMessage(reply as Message);
    expect(text(reply)).toContain('Already looking stuck');
    expect(text(reply)).toContain(`*${id}* \`COMPACT\` RUNNING`);
    expect(text(reply)).toContain('longer than usual (usually 40m–1h 10m)');
    // Asking for failures only, or nothing stuck: nothing of the sort is said.
    expect(text((await h.command('subscribe nba status=failed', { userId: 'UADMIN', channelId: 'CFAILS' })).body)).not.toContain('stuck');
    await poll();
    expect(topLevel('CLATE')).toEqual([]); // the reply said it; no second alert
  });

  it('shows the stuck hint on a watched copy, first drawn and redrawn by the follower', async () => {
    await start();
    compactHistory(h.graphd);
    const id = h.graphd.addJob('nba', { command: 'COMPACT', status: 'RUNNING' });
    await subscribe('C1');
    await poll(); // learns the finished runs
    clock += 4 * HOUR;
    expect(text((await h.command(`watch ${id} nba`, { userId: 'UOPS' })).body)).toContain(`Watching job ${id}`);
    const copy = h.slack.messagesIn('UOPS').find((m) => !m.threadTs) as PostedMessage;
    expectValidMessage(copy);
    expect(text(copy)).toContain('longer than usual (usually 40m–1h 10m)');

    clock += 3 * MIN; // past the follower's redraw interval
    const mark = h.slack.mark();
    await h.bot.follower.runOnce();
    await h.slack.waitForCall('chat.update', (c) => c.args.ts === copy.ts, { from: mark.calls });
    const redrawn = h.slack.message('UOPS', copy.ts) as PostedMessage;
    expect(text(redrawn)).toContain('running for 4h 3m');
    expect(text(redrawn)).toContain('longer than usual (usually 40m–1h 10m)');
  });

  it('alerts a job running far longer than its kind usually takes, once, across a restart and a lease move, and threads its end', async () => {
    await start();
    compactHistory(h.graphd);
    const id = h.graphd.addJob('nba', { command: 'COMPACT', status: 'RUNNING' });
    const waiting = h.graphd.addJob('nba', { command: 'STATS', status: 'QUEUE' });
    await subscribe('C1');
    await subscribe('CFAIL', ' status=failed');
    await poll(); // the baseline learns the finished runs
    clock += 3 * HOUR; // within 3× the 90th percentile (3h 30m)
    await poll();
    expect(topLevel('C1')).toEqual([]);
    clock += HOUR;
    await poll();
    // The running job, and the job queued behind it for longer than STUCK_QUEUE_AFTER (30m).
    const alerts = topLevel('C1');
    expect(alerts).toHaveLength(2);
    alerts.forEach(expectValidMessage);
    const [alert, behind] = alerts;
    expect(alert.text).toBe(`Job ${id} (COMPACT) in nba has been running for 4h; COMPACT here usually takes 40m–1h 10m (last 5 runs)`);
    expect(text(alert)).toContain(`*${waiting}* \`STATS\``);
    expect(actionIds(alert)).toEqual([ActionId.jobDetails, ActionId.jobStop]);
    expect(behind.text).toBe(`Job ${waiting} (STATS) in nba has been queued for 4h behind job ${id}`);
    expect(actionIds(behind)).toEqual([ActionId.jobDetails, ActionId.jobStop]);
    expect(topLevel('CFAIL')).toEqual([]); // asked for failures only

    // Lists and the Home tab judge by the same rule.
    const list = text((await h.command('list nba', { channelId: 'C1' })).body);
    expect(list).toContain('⏳ longer than usual (usually 40m–1h 10m)');
    expect(list).toContain(`⏳ waits behind job ${id}, which looks stuck`);

    // Nothing new: nothing posted, nothing written; nor after a restart on the same database.
    expect(await h.bot.poller.pollOnce()).toMatchObject({ outbox: 0, rowsWritten: 0 });
    const { graphd, slack, dir } = h;
    await h.stopBot();
    h = await startHarness({ policy: POLICY, graphdInstance: graphd, slackInstance: slack, dir, bot: { now } });
    clock += 10 * MIN;
    expect(await h.bot.poller.pollOnce()).toMatchObject({ outbox: 0 });
    // Nor when another process takes the poller lease over.
    clock += 11 * MIN;
    const other = await startHarness({ policy: POLICY, graphdInstance: graphd, slackInstance: slack, dir, bot: { now, leaseHolder: 'other-host:1:abc' } });
    try {
      expect(await other.bot.poller.pollOnce()).toMatchObject({ outbox: 0 });
    } finally {
      await other.stopBot();
    }
    await h.bot.sender.idle();
    expect(topLevel('C1')).toHaveLength(2);

    // It ends: its thread says how long it ran, and Stop leaves the alert.
    clock += 40 * MIN;
    graphd.setJobStatus('nba', id, 'FINISHED');
    h.bot.sender.kick();
    await poll();
    const thread = replies('C1', alert.ts);
    expect(thread).toHaveLength(1);
    expect(text(thread[0])).toContain('Now *FINISHED*, after running for 5h 1m');
    expect(actionIds(h.slack.message('C1', alert.ts))).toEqual([ActionId.jobDetails]);
    expect(text(h.slack.message('C1', alert.ts))).toContain('after running for 5h 1m');
    expect(topLevel('C1')).toHaveLength(2);
    await h.close();
    await graphd.close();
    await slack.close();
  });

  it("shows the list's stuck hint in a job's detail too, typed or from the list's Details button", async () => {
    await start();
    compactHistory(h.graphd);
    const id = h.graphd.addJob('nba', { command: 'COMPACT', status: 'RUNNING' });
    const waiting = h.graphd.addJob('nba', { command: 'STATS', status: 'QUEUE' });
    await subscribe('C1'); // the poller watches the space, and learns its finished runs
    await poll();
    clock += 3 * HOUR;
    const within = (await h.command(`show ${id} nba`)).body as Message;
    expectValidMessage(within);
    expect(text(within)).toContain('running for 3h');
    expect(text(within)).not.toContain('⏳');
    clock += HOUR;
    const shown = (await h.command(`show ${id} nba`)).body as Message;
    expectValidMessage(shown);
    expect(text(shown)).toContain('running for 4h · ⏳ longer than usual (usually 40m–1h 10m)');
    const list = (await h.command('list nba')).body as Message;
    expect(text(list)).toContain('⏳ longer than usual (usually 40m–1h 10m)');
    const details = (value: number) => interactiveElements(list).find((e) => e.actionId === ActionId.jobDetails && e.value?.endsWith(`|${value}`))?.value;
    const sent = await h.user.click(list, { actionId: ActionId.jobDetails, value: details(id) });
    const clicked = (await h.slack.waitForResponse(sent.responseUrl)).body as Message;
    expectValidMessage(clicked);
    expect(text(clicked)).toContain('running for 4h · ⏳ longer than usual (usually 40m–1h 10m)');
    const behind = (await h.command(`show ${waiting} nba`)).body as Message;
    expect(text(behind)).toContain(`⏳ waits behind job ${id}, which looks stuck`);
  });

  it('stops a COMPACT that a metad restart left running from its stuck alert, and tells the thread', async () => {
    await start({ env: { STUCK_AFTER: 'COMPACT=2h,*=off' } });
    const id = h.graphd.addJob('nba', { command: 'COMPACT', status: 'RUNNING' });
    h.graphd.addJob('nba', { command: 'STATS', status: 'RUNNING' }); // *=off: never judged
    await subscribe('C1');
    await subscribe('CSTOP', ' status=stopped');
    await poll();
    clock += 2 * HOUR + MIN;
    await poll();
    const [alert] = topLevel('C1');
    expect(topLevel('C1')).toHaveLength(1);
    expect(text(alert)).toContain('2h (STUCK_AFTER for `COMPACT`)');
    expect(text(alert)).toContain('If the job is stuck after a metad restart or leader change, STOP is accepted.');
    // While metad runs it, graphd refuses; once a metad restart has orphaned it, the same button works.
    const refused = await h.as('UOPS').click(alert, { actionId: ActionId.jobStop });
    expect(text((await h.slack.waitForResponse(refused.responseUrl)).body)).toContain('cannot be stopped while they run');
    h.graphd.restartMetad();
    const click = await h.as('UOPS').click(alert, { actionId: ActionId.jobStop });
    expect(text((await h.slack.waitForResponse(click.responseUrl)).body)).toContain(`stopped job ${id}`);
    expect(h.graphd.job('nba', id)?.status).toBe('STOPPED');
    await poll();
    const thread = replies('C1', alert.ts);
    expect(thread).toHaveLength(1);
    expect(text(thread[0])).toContain('Now *STOPPED* by <@UOPS>, after running for 2h 1m');
    expect(actionIds(h.slack.message('C1', alert.ts))).toEqual([ActionId.jobDetails]);
    // Told in the thread, not in a second alert; a channel that saw no stuck alert gets the STOPPED one.
    expect(topLevel('C1')).toHaveLength(1);
    expect(text(topLevel('CSTOP'))).toContain(`Job ${id} STOPPED`);
  });

  it('sends one digest when many jobs get stuck at once, and threads their follow-ups under it', async () => {
    await start();
    const blocker = h.graphd.addJob('nba', { command: 'COMPACT', status: 'RUNNING' });
    const queued = Array.from({ length: 6 }, (_, i) => h.graphd.addJob('nba', { command: ['STATS', 'FLUSH', 'REBUILD_TAG_INDEX'][i % 3], status: 'QUEUE', params: String(i) }));
    await subscribe('C1');
    await poll();
    clock += 6 * HOUR + MIN; // no COMPACT history here: the 6h default; the queued ones waited past 30m
    await poll();
    const posted = topLevel('C1');
    expect(posted).toHaveLength(1);
    expectValidMessage(posted[0]);
    expect(text(posted[0])).toContain('7 jobs look stuck in nba');
    expect(interactiveElements(posted[0]).filter((e) => e.actionId === ActionId.jobDetails)).toHaveLength(7);
    expect(await h.bot.poller.pollOnce()).toMatchObject({ outbox: 0, rowsWritten: 0 });

    // The blocker finishes and the first queued job starts: both are told under the digest.
    h.graphd.setJobStatus('nba', blocker, 'FINISHED');
    h.graphd.setJobStatus('nba', queued[0], 'RUNNING');
    await poll();
    const thread = replies('C1', posted[0].ts);
    expect(thread).toHaveLength(2);
    expect(text(thread)).toContain('after running for 6h 1m');
    expect(text(thread)).toContain('Now *RUNNING*, after waiting 6h 1m in the queue');
    expect(topLevel('C1')).toHaveLength(1);
  });

  it('alerts a failed balance job once, saying new balances are blocked, with Recover and Stop; stopping it unblocks them', async () => {
    await start();
    const old = h.graphd.addJob('nba', { command: 'DATA_BALANCE', status: 'RUNNING' });
    await subscribe('C1');
    await poll();
    h.graphd.setJobStatus('nba', old, 'FAILED', { errorCode: 'E_BALANCER_FAILURE' });
    await poll();
    const alerts = topLevel('C1');
    expect(alerts).toHaveLength(1); // one message: the FAILED alert carries the explanation
    expectValidMessage(alerts[0]);
    expect(text(alerts[0])).toContain('*New balances are blocked.*');
    expect(text(alerts[0])).toContain('E_JOB_NEED_RECOVER');
    expect(actionIds(alerts[0])).toEqual([ActionId.jobDetails, ActionId.jobStop, ActionId.jobRecover]);

    const click = await h.as('UOPS').click(alerts[0], { actionId: ActionId.jobStop });
    expect(text((await h.slack.waitForResponse(click.responseUrl)).body)).toContain(`stopped job ${old}`);
    await poll();
    expect(text(replies('C1', alerts[0].ts))).toContain('New balances can start again.');
    const redrawn = h.slack.message('C1', alerts[0].ts);
    expect(text(redrawn)).not.toContain('New balances are blocked');
    expect(actionIds(redrawn)).toEqual([ActionId.jobDetails, ActionId.jobRecover]);
    // A stopped balance job blocks nothing: its own STOPPED alert went out, without the explanation.
    expect(topLevel('C1')).toHaveLength(1);
    const stopped = h.graphd.addJob('nba', { command: 'DATA_BALANCE', status: 'STOPPED' });
    await poll();
    const last = topLevel('C1').at(-1) as PostedMessage;
    expect(text(last)).toContain(`Job ${stopped} STOPPED`);
    expect(text(last)).not.toContain('New balances are blocked');
  });

  it('posts a short notice for each finished job to channels that asked for every end, exactly once', async () => {
    await start();
    const a = h.graphd.addJob('nba', { command: 'STATS', status: 'RUNNING' });
    const failed = h.graphd.addJob('nba', { command: 'FLUSH', status: 'RUNNING' });
    await subscribe('CFIN', ' status=failed,stopped,finished');
    await subscribe('C1');
    await poll();
    clock += 5 * MIN;
    h.graphd.setJobStatus('nba', a, 'FINISHED');
    h.graphd.setJobStatus('nba', failed, 'FAILED');
    await poll();
    const notices = topLevel('CFIN');
    expect(notices.map((m) => m.text)).toEqual([`Job ${failed} (FLUSH) in nba is FAILED, was RUNNING`, `Job ${a} (STATS) in nba finished`]);
    notices.forEach(expectValidMessage);
    expect(text(notices[1])).toContain('finished in `nba` · took 5m');
    expect(text(topLevel('C1'))).not.toContain('finished');

    // Not again: not on the next poll, nor after a restart.
    await poll();
    const { graphd, slack, dir } = h;
    await h.stopBot();
    h = await startHarness({ policy: POLICY, graphdInstance: graphd, slackInstance: slack, dir, bot: { now } });
    await poll();
    expect(topLevel('CFIN')).toHaveLength(2);

    // A job whose failure was alerted here ends in that alert's thread, not in a second message.
    graphd.setJobStatus('nba', failed, 'QUEUE');
    await poll();
    graphd.setJobStatus('nba', failed, 'RUNNING');
    graphd.setJobStatus('nba', failed, 'FINISHED');
    await poll();
    expect(topLevel('CFIN')).toHaveLength(2);
    expect(text(replies('CFIN', notices[0].ts))).toContain('Now *FINISHED*');

    // Many at once: one message.
    const many = Array.from({ length: 7 }, (_, i) => graphd.addJob('nba', { command: 'FLUSH', status: 'RUNNING', params: String(i) }));
    await poll();
    for (const id of many) graphd.setJobStatus('nba', id, 'FINISHED');
    await poll();
    expect(topLevel('CFIN')).toHaveLength(3);
    expectValidMessage(topLevel('CFIN')[2]);
    expect(text(topLevel('CFIN')[2])).toContain('*7 jobs finished*');
    await h.close();
    await graphd.close();
    await slack.close();
  });
});
