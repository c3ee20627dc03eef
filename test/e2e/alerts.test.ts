import { ActionId } from '../../src/slack/interactive/action-ids';
import { type Harness, type HarnessOptions, startHarness } from '../support/bot-harness';
import { expectValidMessage, interactiveElements, type PostedMessage } from '../support/slack-fake';

const POLICY = {
  rules: [
    { subjects: ['UADMIN'], spaces: ['*'], role: 'admin' },
    { subjects: ['UOPS'], spaces: ['*'], role: 'operator' },
  ],
};

describe('failure alerts', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function start(options: HarnessOptions = {}): Promise<Harness> {
    h = await startHarness({ policy: POLICY, ...options });
    return h;
  }

  async function subscribe(channelId: string, extra = ''): Promise<void> {
    const reply = JSON.stringify((await h.command(`subscribe nba${extra}`, { userId: 'UADMIN', channelId })).body);
    expect(reply).toContain('now gets an alert');
  }

  /** One poll, then everything it queued is delivered (or scheduled for retry). */
  async function poll(): Promise<void> {
    await h.bot.poller.pollOnce();
    await h.bot.sender.idle();
  }

  const topLevel = (channel: string): PostedMessage[] => h.slack.messagesIn(channel).filter((m) => !m.threadTs);
  const replies = (channel: string): PostedMessage[] => h.slack.messagesIn(channel).filter((m) => m.threadTs);
  const text = (value: unknown): string => JSON.stringify(value);

  it('records a baseline first, then alerts once per channel when a job fails', async () => {
    await start();
    const old = h.graphd.addJob('nba', { command: 'FLUSH', status: 'FAILED' });
    const id = h.graphd.addJob('nba', { command: 'STATS', status: 'QUEUE' });
    await subscribe('C1');
    await subscribe('C2');
    await poll();
    expect(topLevel('C1')).toEqual([]); // history is not alerted
    h.graphd.setJobStatus('nba', id, 'RUNNING');
    await poll();
    h.graphd.setJobStatus('nba', id, 'FAILED', { errorCode: 'E_RPC_FAILURE' });
    await poll();
    // Nothing new: nothing posted, nothing written.
    expect(await h.bot.poller.pollOnce()).toMatchObject({ spaces: 1, outbox: 0, rowsWritten: 0 });
    await h.bot.sender.idle();
    for (const channel of ['C1', 'C2']) {
      const alerts = topLevel(channel);
      expect(alerts).toHaveLength(1);
      expectValidMessage(alerts[0]);
      const body = text(alerts[0]);
      expect(body).toContain(`Job ${id} FAILED in nba`);
      expect(body).toContain('(was RUNNING)');
      expect(body).toContain('`STATS`');
      expect(body).toContain('storaged2');
      expect(body).toContain('E_RPC_FAILURE');
      expect(interactiveElements(alerts[0]).map((e) => e.actionId)).toEqual([ActionId.jobDetails, ActionId.jobRecover]);
    }
    expect(text(topLevel('C1'))).not.toContain(`Job ${old} `);
  });

  it('alerts a job first seen already failed, STOPPED → FAILED, and each new failure after a recovery', async () => {
    await start();
    await subscribe('C1');
    await poll();
    const id = h.graphd.addJob('nba', { command: 'STATS', status: 'FAILED' });
    await poll();
    expect(text(topLevel('C1'))).toContain('(first seen)');
    const stopped = h.graphd.addJob('nba', { command: 'STATS', status: 'RUNNING' });
    await poll();
    h.graphd.setJobStatus('nba', stopped, 'STOPPED');
    await poll();
    h.graphd.setJobStatus('nba', stopped, 'FAILED');
    await poll();
    expect(topLevel('C1').map((m) => /Job (\d+) (\w+)/.exec(text(m))?.slice(1).join(' '))).toEqual([`${id} FAILED`, `${stopped} STOPPED`, `${stopped} FAILED`]);

    // Recover through the alert's button; the follow-up is threaded and the alert's status line redrawn.
    const firstAlert = topLevel('C1')[0];
    const click = await h.as('UOPS').click(firstAlert, { actionId: ActionId.jobRecover });
    expect(text((await h.slack.waitForResponse(click.responseUrl)).body)).toContain(`recovered job ${id}`);
    await poll();
    const followUp = replies('C1').at(-1) as PostedMessage;
    expect(followUp.threadTs).toBe(firstAlert.ts);
    expect(text(followUp)).toContain('recovered by <@UOPS>');
    expect(text(h.slack.message('C1', firstAlert.ts))).toContain('Now *QUEUE*');
    expect(interactiveElements(h.slack.message('C1', firstAlert.ts) as PostedMessage).map((e) => e.actionId)).toEqual([ActionId.jobDetails]);

    h.graphd.setJobStatus('nba', id, 'RUNNING');
    h.graphd.setJobStatus('nba', id, 'FAILED', { at: new Date(Date.now() + 5_000) });
    await poll();
    expect(topLevel('C1').filter((m) => text(m).includes(`Job ${id} FAILED`))).toHaveLength(2);
    expect(text(replies('C1').filter((m) => m.threadTs === firstAlert.ts))).toContain('Failed again');
  });

  it('names who stopped a job when the stop came through the bot', async () => {
    await start();
    await subscribe('C1');
    const id = h.graphd.addJob('nba', { command: 'STATS', status: 'RUNNING' });
    await poll();
    // A typed stop shows a confirmation; its button does the stop.
    const confirmation = await h.command(`stop ${id} nba`, { userId: 'UOPS' });
    const click = await h.as('UOPS').click(confirmation.body, { actionId: ActionId.jobStop });
    await h.slack.waitForResponse(click.responseUrl);
    await poll();
    expect(text(topLevel('C1'))).toContain('Stopped by <@UOPS> through the bot');
  });

  it('only alerts the statuses a channel asked for, and nothing while muted', async () => {
    await start();
    await subscribe('CFAIL', ' status=failed');
    await subscribe('CALL');
    await poll();
    const a = h.graphd.addJob('nba', { command: 'STATS', status: 'STOPPED' });
    await poll();
    expect(topLevel('CFAIL')).toEqual([]);
    expect(topLevel('CALL')).toHaveLength(1);
    expect(text((await h.command('mute nba 2h', { userId: 'UOPS', channelId: 'CALL' })).body)).toContain('muted in this channel until');
    h.graphd.setJobStatus('nba', a, 'FAILED');
    await poll();
    expect(topLevel('CFAIL')).toHaveLength(1);
    expect(topLevel('CALL')).toHaveLength(1);
    expect(text((await h.command('subscriptions', { channelId: 'CALL' })).body)).toContain('muted until');
    await h.command('unmute nba', { userId: 'UOPS', channelId: 'CALL' });
    h.graphd.addJob('nba', { command: 'FLUSH', status: 'FAILED' });
    await poll();
    expect(topLevel('CALL')).toHaveLength(2);
  });

  it('lets only admins manage subscriptions, and anyone list them', async () => {
    await start();
    expect(text((await h.command('subscribe nba', { userId: 'UOPS' })).body)).toContain('Only admins of `nba`');
    expect(text((await h.command('subscribe nope', { userId: 'UADMIN' })).body)).toContain('does not exist');
    await subscribe('C1');
    expect(text((await h.command('subscriptions', { userId: 'UNOBODY', channelId: 'C1' })).body)).toContain('`nba`: FAILED, STOPPED');
    expect(text((await h.command('unsubscribe nba', { userId: 'UADMIN', channelId: 'C1' })).body)).toContain('no longer gets alerts');
    expect(text((await h.command('subscriptions', { channelId: 'C1' })).body)).toContain('no subscriptions');
  });

  it('sends one digest instead of a flood when more than 5 alerts are due', async () => {
    await start();
    await subscribe('C1');
    await poll();
    const ids = Array.from({ length: 7 }, () => h.graphd.addJob('nba', { command: 'STATS', status: 'FAILED' }));
    await poll();
    const posted = topLevel('C1');
    expect(posted).toHaveLength(1);
    expectValidMessage(posted[0]);
    expect(text(posted[0])).toContain('7 jobs failed or stopped in nba');
    expect(interactiveElements(posted[0]).filter((e) => e.actionId === ActionId.jobDetails)).toHaveLength(7);
    // Follow-ups of digested jobs are threaded under the digest.
    h.graphd.setJobStatus('nba', ids[0], 'QUEUE');
    await poll();
    expect(replies('C1').at(-1)?.threadTs).toBe(posted[0].ts);
  });

  it('waits out 429s and retries 5xx and dropped connections, posting each alert exactly once', async () => {
    await start();
    await subscribe('C1');
    await poll();
    h.slack.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 1 });
    h.slack.failNext('chat.postMessage', { status: 500 });
    h.slack.failNext('chat.postMessage', { drop: true });
    const id = h.graphd.addJob('nba', { command: 'STATS', status: 'FAILED' });
    await poll();
    const mark = h.slack.calls.length;
    await h.slack.waitForCall('chat.postMessage', (c) => text(c.args).includes(`Job ${id} FAILED`), { timeoutMs: 15_000 });
    await h.bot.sender.idle();
    const attempts = h.slack.callsTo('chat.postMessage').filter((c) => text(c.args).includes(`Job ${id} FAILED`));
    expect(attempts.map((c) => c.status)).toEqual([429, 500, 0, 200]);
    expect(topLevel('C1')).toHaveLength(1);
    // The retry after a 429 waited for Retry-After.
    const limited = attempts[0];
    const next = attempts[1];
    expect(next.at - limited.at).toBeGreaterThanOrEqual(950);
    expect(mark).toBeGreaterThan(0);
  });

  it('joins a public channel on not_in_channel, and records other permanent errors without retrying', async () => {
    await start();
    await subscribe('CPUBLIC');
    await subscribe('CGONE');
    await poll();
    h.slack.setMember('CPUBLIC', false);
    h.slack.failNext('chat.postMessage', { error: 'channel_not_found' });
    h.graphd.addJob('nba', { command: 'STATS', status: 'FAILED' });
    await poll();
    await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === 'CPUBLIC');
    await h.bot.sender.idle();
    expect(h.slack.callsTo('conversations.join').map((c) => c.args.channel)).toEqual(['CPUBLIC']);
    expect(topLevel('CPUBLIC')).toHaveLength(1);
    expect(topLevel('CGONE')).toHaveLength(0);
    expect(h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'CGONE')).toHaveLength(1);
    expect(h.logs.some((line) => line.includes('outbox.dropped') && line.includes('channel_not_found'))).toBe(true);
    expect(h.bot.sender.backlog()).toBe(0);
  });

  it('tells channels once when NebulaGraph is unreachable for 3 polls, and once when it is back, losing nothing', async () => {
    // No reconnect backoff: the first poll after graphd returns connects (the backoff has its own tests).
    await start({ bot: { nebula: { retryDelayMs: 0, maxRetryDelayMs: 0 } } });
    await subscribe('C1');
    const id = h.graphd.addJob('nba', { command: 'STATS', status: 'RUNNING' });
    await poll();
    await h.graphd.stop();
    for (let i = 0; i < 5; i += 1) await poll();
    const outage = topLevel('C1').filter((m) => text(m).includes('cannot reach NebulaGraph'));
    expect(outage).toHaveLength(1);
    h.graphd.setJobStatus('nba', id, 'FAILED'); // happens while the bot cannot see
    await h.graphd.restart();
    await poll();
    const messages = topLevel('C1').map((m) => text(m));
    expect(messages.filter((m) => m.includes('reachable again'))).toHaveLength(1);
    expect(messages.filter((m) => m.includes(`Job ${id} FAILED`))).toHaveLength(1);
  });

  it('does not alert again, nor lose queued alerts, across a restart on the same database', async () => {
    await start();
    await subscribe('C1');
    await poll();
    h.graphd.addJob('nba', { command: 'STATS', status: 'FAILED' });
    // Slack is down when the failure is seen: the alert waits in the outbox.
    h.slack.failNext('chat.postMessage', { status: 503 }, 1);
    await poll();
    expect(topLevel('C1')).toHaveLength(0);
    const { graphd, slack, dir } = h;
    await h.stopBot();
    h = await startHarness({ policy: POLICY, graphdInstance: graphd, slackInstance: slack, dir });
    await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === 'C1', { timeoutMs: 10_000 });
    await poll();
    await poll();
    await h.bot.sender.idle();
    expect(topLevel('C1')).toHaveLength(1);
    await h.close();
    await graphd.close();
    await slack.close();
  });

  it('does not alert twice when the poller lease moves to another process and back', async () => {
    let clock = Date.now();
    const now = (): Date => new Date(clock);
    await start({ bot: { now } });
    await subscribe('C1');
    const id = h.graphd.addJob('nba', { command: 'STATS', status: 'RUNNING' });
    await poll();
    // This process stalls past its lease; another one takes over, sees the failure and alerts.
    clock += 11 * 60_000;
    h.graphd.setJobStatus('nba', id, 'FAILED');
    const other = await startHarness({ policy: POLICY, graphdInstance: h.graphd, slackInstance: h.slack, dir: h.dir, bot: { now, leaseHolder: 'other-host:1:abc' } });
    try {
      expect(await other.bot.poller.pollOnce()).toMatchObject({ outbox: 1 });
      await other.bot.sender.idle();
    } finally {
      await other.stopBot();
    }
    // Back here (its sender takes the lease first): what it remembered is stale and must not alert again.
    clock += 1_000;
    h.bot.sender.kick();
    await h.bot.sender.idle();
    expect(await h.bot.poller.pollOnce()).toMatchObject({ outbox: 0 });
    await h.bot.sender.idle();
    expect(topLevel('C1').filter((m) => text(m).includes(`Job ${id} FAILED`))).toHaveLength(1);
  });

  it('delivers the outbox only from the process that holds the poller lease', async () => {
    await start();
    await subscribe('C1');
    await poll();
    const id = h.graphd.addJob('nba', { command: 'STATS', status: 'FAILED' });
    await h.bot.sender.stop(); // the alert stays due in the outbox
    expect(await h.bot.poller.pollOnce()).toMatchObject({ outbox: 1 });
    const other = await startHarness({
      policy: POLICY,
      graphdInstance: h.graphd,
      slackInstance: h.slack,
      dir: h.dir,
      env: { SLACK_BOT_TOKEN: 'xoxb-second-process-token' },
      bot: { leaseHolder: 'other-host:1:abc' },
    });
    try {
      other.bot.sender.kick();
      await other.bot.sender.idle();
      const fromOther = (): number => h.slack.callsTo('chat.postMessage').filter((c) => c.token === 'xoxb-second-process-token').length;
      expect(fromOther()).toBe(0);
      // Once the holder is gone, the other process takes the lease and delivers, once.
      await h.stopBot();
      other.bot.sender.kick();
      await other.bot.sender.idle();
      expect(fromOther()).toBe(1);
      expect(topLevel('C1').filter((m) => text(m).includes(`Job ${id} FAILED`))).toHaveLength(1);
    } finally {
      await other.close();
    }
  });

  it('lets only one bot process poll a database', async () => {
    await start();
    await subscribe('C1');
    const second = await startHarness({ policy: POLICY, graphdInstance: h.graphd, slackInstance: h.slack, dir: h.dir, bot: { leaseHolder: 'other-host:1:abc' } });
    try {
      expect(await h.bot.poller.pollOnce()).not.toBeNull();
      expect(await second.bot.poller.pollOnce()).toBeNull();
    } finally {
      await second.close();
    }
  });
});
