import { ActionId } from '../../src/slack/interactive/action-ids';
import { type Harness, type HarnessOptions, startHarness } from '../support/bot-harness';
import { expectValidMessage, interactiveElements, type PostedMessage, type SentRequest } from '../support/slack-fake';

/**
 * Following a job through its whole life, the bot agrees with a real graphd first: where it
 * cannot know graphd's answer (a running job's executor, metad's clock) it sends and explains
 * instead of refusing up front, and it reads graphd's answers as the server's release means them.
 */

type Message = Record<string, unknown> & { blocks?: unknown[]; ts?: string };

const POLICY = {
  rules: [
    { subjects: ['UOPS', 'UOPS2'], spaces: ['*'], role: 'operator' },
    { subjects: ['UADMIN'], spaces: ['*'], role: 'admin' },
  ],
};
const DAY = 86_400_000;

describe('agreeing with graphd', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function start(options: HarnessOptions = {}): Promise<Harness> {
    h = await startHarness({ policy: POLICY, ...options });
    return h;
  }

  const text = (value: unknown): string => JSON.stringify(value);
  const mutations = (): string[] => h.graphd.statements().filter((s) => /STOP JOB|RECOVER JOB/.test(s));

  async function answer(sent: SentRequest): Promise<Message> {
    expect(sent.status).toBe(200);
    const post = await h.slack.waitForResponse(sent.responseUrl);
    expectValidMessage(post.body);
    return post.body as Message;
  }

  /** The value of a job's button in a list, or undefined when the list does not offer it. */
  function buttonOf(message: Message, actionId: string, jobId: number): string | undefined {
    return interactiveElements(message).find((e) => e.actionId === actionId && e.value?.startsWith(`J2|default|nba|${jobId}#`))?.value;
  }

  /** The confirm dialog's text of a button, as Slack would show it before sending the click. */
  function confirmTextOf(message: Message, value: string): string {
    for (const block of (message.blocks ?? []) as Array<{ elements?: Array<{ value?: string; confirm?: { text: { text: string } } }> }>) {
      const button = block.elements?.find((e) => e.value === value);
      if (button?.confirm) return button.confirm.text.text;
    }
    throw new Error('no confirm dialog on that button');
  }

  /** Types `stop …`/`recover …` and clicks the confirmation's button. */
  async function typed(command: string, userId = 'UOPS'): Promise<{ confirmation: Message; reply: Message }> {
    const confirmation = (await h.command(command, { userId })).body as Message;
    const actionId = command.startsWith('stop') ? ActionId.jobStop : ActionId.jobRecover;
    return { confirmation, reply: await answer(await h.as(userId).click(confirmation, { actionId })) };
  }

  async function subscribe(channelId: string, extra = ''): Promise<void> {
    expect(text((await h.command(`subscribe nba${extra}`, { userId: 'UADMIN', channelId })).body)).toContain('now gets an alert');
  }

  async function poll(): Promise<void> {
    await h.bot.poller.pollOnce();
    await h.bot.sender.idle();
  }

  const topLevel = (channel: string): PostedMessage[] => h.slack.messagesIn(channel).filter((m) => !m.threadTs);
  const replies = (channel: string): PostedMessage[] => h.slack.messagesIn(channel).filter((m) => m.threadTs);

  it('offers Stop on a running COMPACT, warns that graphd will probably refuse, and sends it: refused while metad runs it, accepted once orphaned', async () => {
    await start();
    const id = h.graphd.addJob('nba', { command: 'COMPACT', status: 'RUNNING' });
    const list = (await h.command('list nba', { userId: 'UOPS' })).body as Message;
    const stop = buttonOf(list, ActionId.jobStop, id);
    expect(stop).toBeDefined();
    expect(confirmTextOf(list, stop as string)).toContain('NebulaGraph will probably refuse: it cannot stop a COMPACT job while metad runs it.');

    const refused = await answer(await h.as('UOPS').click(list, { actionId: ActionId.jobStop, value: stop }));
    expect(refused.replace_original).toBe(false);
    expect(text(refused)).toContain(
      `NebulaGraph refused to stop job ${id}: NebulaGraph says COMPACT jobs cannot be stopped while they run: wait for it to finish; if it is stuck after a metad restart, STOP is accepted.`,
    );
    expect(mutations()).toEqual([`USE \`nba\`; STOP JOB ${id}`]);
    expect(h.bot.deps.audit.latest({ limit: 1 })[0]).toMatchObject({ jobId: id, action: 'stop', result: 'refused-by-server' });

    // metad restarts: the job stays RUNNING with no executor, forever; STOP is the way out.
    h.graphd.restartMetad();
    const { confirmation, reply } = await typed(`stop ${id} nba`);
    expect(text(confirmation)).toContain(':warning: NebulaGraph will probably refuse');
    expect(text(reply)).toContain(`<@UOPS> stopped job ${id}; it is now *STOPPED*`);
    expect(h.graphd.job('nba', id)?.status).toBe('STOPPED');
  });

  it('warns the approver too: a stop sent for approval says in the request that graphd will probably refuse', async () => {
    await start({ policy: { ...POLICY, approvals: { stop: 'required', recover: 'none', channel: 'CAPPROVALS', expiresMinutes: 30, adminsBypass: false } } });
    const id = h.graphd.addJob('nba', { command: 'FLUSH', status: 'RUNNING' });
    const list = (await h.command('list nba', { userId: 'UOPS' })).body as Message;
    const mark = h.slack.mark();
    expect(text(await answer(await h.as('UOPS').click(list, { actionId: ActionId.jobStop, value: buttonOf(list, ActionId.jobStop, id) })))).toContain('asked an admin to approve');
    await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === 'CAPPROVALS', { from: mark.calls });
    const request = h.slack.messagesIn('CAPPROVALS').at(-1) as PostedMessage;
    expectValidMessage(request);
    const warning = 'NebulaGraph will probably refuse: it cannot stop a FLUSH job while metad runs it.';
    expect(confirmTextOf(list, buttonOf(list, ActionId.jobStop, id) as string)).toContain(warning);
    expect(text(request.blocks)).toContain(`:warning: ${warning}`);
    // The approver goes ahead anyway: graphd refuses, as the request said it would.
    const decided = await answer(await h.as('UADMIN').click(request, { actionId: ActionId.approve }));
    expect(text(decided)).toContain(`NebulaGraph refused to stop job ${id}`);
    expect(mutations()).toEqual([`USE \`nba\`; STOP JOB ${id}`]);
  });

  it('leaves a recover whose twin is running to graphd, and explains a 0 in plain words', async () => {
    await start();
    const failed = h.graphd.addJob('nba', { command: 'COMPACT', status: 'FAILED' });
    const running = h.graphd.addJob('nba', { command: 'COMPACT', status: 'RUNNING' });
    const list = (await h.command('list nba', { userId: 'UOPS' })).body as Message;
    expect(buttonOf(list, ActionId.jobRecover, failed)).toBeDefined();
    const declined = text((await typed(`recover ${failed} nba`)).reply);
    expect(declined).toContain(`NebulaGraph refused to recover job ${failed}: NebulaGraph declined because COMPACT job ${running} is running in this space`);
    expect(mutations()).toEqual([`USE \`nba\`; RECOVER JOB ${failed}`]);

    // After a metad restart the running twin is orphaned: it blocks nothing, and graphd recovers.
    h.graphd.restartMetad();
    expect(text((await typed(`recover ${failed} nba`)).reply)).toContain(`<@UOPS> recovered job ${failed}; it is now *QUEUE*`);
    expect(h.graphd.job('nba', running)?.status).toBe('RUNNING');
  });

  it("lets graphd's listing win over the bot's clock: a job graphd still lists keeps its Recover button", async () => {
    // metad keeps jobs 14 days (the bot was not told: it assumes 7) and its clock is 2 days behind the bot's.
    await start({ graphd: { jobExpiredSecs: 14 * 86_400, now: () => new Date(Date.now() - 2 * DAY) } });
    const id = h.graphd.addJob('nba', { command: 'STATS', status: 'FAILED', startTime: new Date(Date.now() - 12 * DAY), stopTime: new Date(Date.now() - 12 * DAY + 60_000) });
    const list = (await h.command('list nba since=30d', { userId: 'UOPS' })).body as Message;
    expect(buttonOf(list, ActionId.jobRecover, id)).toBeDefined();
    const detail = (await h.command(`show ${id} nba`, { userId: 'UOPS' })).body as Message;
    expect(interactiveElements(detail).map((e) => e.actionId)).toContain(ActionId.jobRecover);
    expect(text((await typed(`recover ${id} nba`)).reply)).toContain(`<@UOPS> recovered job ${id}; it is now *QUEUE*`);
  });

  it('says the job has expired when graphd recovers nothing for a job the bot thought fine', async () => {
    let skew = 0;
    await start({ env: { NEBULA_JOB_EXPIRY_SECONDS: String(14 * 86_400) }, graphd: { jobExpiredSecs: 14 * 86_400, now: () => new Date(Date.now() + skew) } });
    const id = h.graphd.addJob('nba', { command: 'STATS', status: 'FAILED', startTime: new Date(Date.now() - 13.5 * DAY) });
    const list = (await h.command('list nba since=30d', { userId: 'UOPS' })).body as Message;
    const recover = buttonOf(list, ActionId.jobRecover, id);
    expect(recover).toBeDefined();
    // metad's clock jumps a day just after the bot's last look before RECOVER: the job expires in between.
    const jump = (entry: { statement: string }): void => {
      if (!/SHOW JOBS$/.test(entry.statement)) return;
      skew = DAY;
      h.graphd.events.off('statement', jump);
    };
    h.graphd.events.on('statement', jump);
    const reply = text(await answer(await h.as('UOPS').click(list, { actionId: ActionId.jobRecover, value: recover })));
    expect(reply).toContain(`NebulaGraph refused to recover job ${id}: the job has expired: NebulaGraph no longer lists it (metad keeps an ended job 14d after it started`);
    expect(mutations()).toEqual([`USE \`nba\`; RECOVER JOB ${id}`]);
    expect(h.bot.deps.audit.latest({ limit: 1 })[0]).toMatchObject({ jobId: id, result: 'refused-by-server' });
  });

  describe.each([
    ['3.8.0', false],
    ['3.2.0', true],
  ])('task error codes from graphd %s', (version, perTask) => {
    it(`shows ${perTask ? "each task's own code" : "the job's code once, not on every task"}, in the detail and in alerts`, async () => {
      await start({ graphd: { version } });
      await subscribe('C1');
      await poll();
      const id = h.graphd.addJob('nba', {
        command: 'STATS',
        status: 'FAILED',
        errorCode: 'E_RPC_FAILURE',
        tasks: [
          { host: 'storaged0', status: 'FINISHED' },
          { host: 'storaged1', status: 'FAILED', errorCode: 'E_RPC_FAILURE' },
          { host: 'storaged2', status: 'FAILED', errorCode: 'E_TASK_EXECUTION_FAILED' },
        ],
      });
      const shown = (await h.command(`show ${id} nba`)).body as Message;
      expect(text(shown)).toContain('`E_RPC_FAILURE`: metad could not reach a storaged');
      const lines = (shown.blocks as Array<{ type: string; text?: { text: string } }>).filter((b) => b.type === 'section' && b.text).flatMap((b) => b.text?.text.split('\n') ?? []);
      const line = (host: string): string => lines.find((l) => l.includes(`\`${host}\``)) as string;
      expect(line('storaged0')).not.toMatch(/E_/);
      if (perTask) {
        expect(line('storaged1')).toContain('`E_RPC_FAILURE`');
        expect(line('storaged2')).toContain('`E_TASK_EXECUTION_FAILED`');
      } else {
        expect(line('storaged1')).not.toMatch(/E_/);
        expect(line('storaged2')).not.toMatch(/E_/);
      }

      await poll();
      const [alert] = topLevel('C1');
      const failedTasks = text(alert).split('*Failed tasks*')[1];
      if (perTask) {
        expect(failedTasks).toContain('Task 1 on `storaged1`: FAILED `E_RPC_FAILURE`');
        expect(failedTasks).toContain('Task 2 on `storaged2`: FAILED `E_TASK_EXECUTION_FAILED`');
      } else {
        expect(failedTasks).toContain('Task 1 on `storaged1`: FAILED\\n');
        expect(failedTasks).not.toMatch(/Task \d on `storaged\d`: FAILED `/);
      }
    });
  });

  it('threads the cancel storaged reports after a stop instead of alerting FAILED again; any other failure is still alerted', async () => {
    await start();
    await subscribe('C1');
    await subscribe('CFAIL', ' status=failed');
    const queued = h.graphd.addJob('nba', { command: 'STATS', status: 'QUEUE' });
    h.graphd.setJobStatus('nba', queued, 'RUNNING'); // three running tasks
    await poll();
    await typed(`stop ${queued} nba`);
    await poll();
    const [stoppedAlert] = topLevel('C1');
    expect(text(stoppedAlert)).toContain(`Job ${queued} STOPPED in nba`);
    expect(text(stoppedAlert)).toContain('Stopped by <@UOPS> through the bot');

    h.graphd.reportCancel('nba', queued); // STOPPED → FAILED, E_USER_CANCEL
    expect(h.graphd.job('nba', queued)).toMatchObject({ status: 'FAILED', errorCode: 'E_USER_CANCEL' });
    await poll();
    expect(topLevel('C1')).toHaveLength(1);
    expect(topLevel('CFAIL')).toEqual([]); // a deliberate stop is no failure
    const thread = replies('C1').filter((m) => m.threadTs === stoppedAlert.ts);
    expect(text(thread.at(-1))).toContain('STOPPED → Now *FAILED*: stopped by <@UOPS>; storaged then reported the cancel as FAILED');
    const redrawn = h.slack.message('C1', stoppedAlert.ts) as PostedMessage;
    expect(text(redrawn)).toContain('storaged then reported the cancel');
    expect(interactiveElements(redrawn).map((e) => e.actionId)).toContain(ActionId.jobRecover);

    // Stopped, then a task fails with another code: that is a failure, alerted as one.
    const other = h.graphd.addJob('nba', { command: 'STATS', status: 'QUEUE' });
    h.graphd.setJobStatus('nba', other, 'RUNNING');
    await poll();
    await typed(`stop ${other} nba`);
    await poll();
    h.graphd.reportTask('nba', other, 0, 'E_RPC_FAILURE');
    h.graphd.reportTask('nba', other, 1);
    h.graphd.reportTask('nba', other, 2);
    expect(h.graphd.job('nba', other)).toMatchObject({ status: 'FAILED', errorCode: 'E_RPC_FAILURE' });
    await poll();
    expect(topLevel('C1').map((m) => /Job (\d+) (\w+)/.exec(text(m))?.slice(1).join(' '))).toEqual([`${queued} STOPPED`, `${other} STOPPED`, `${other} FAILED`]);
    expect(topLevel('CFAIL').map((m) => /Job (\d+) (\w+)/.exec(text(m))?.slice(1).join(' '))).toEqual([`${other} FAILED`]);
  });

  it('says a stopped job is already stopped, as information, and sends nothing', async () => {
    await start();
    const id = h.graphd.addJob('nba', { command: 'STATS', status: 'RUNNING' });
    const list = (await h.command('list nba', { userId: 'UOPS' })).body as Message;
    h.graphd.setJobStatus('nba', id, 'STOPPED'); // someone stopped it from the console meanwhile
    const clicked = text(await answer(await h.as('UOPS').click(list, { actionId: ActionId.jobStop, value: buttonOf(list, ActionId.jobStop, id) })));
    expect(clicked).toContain(`:information_source: Job ${id} is already stopped (since <!date^`);
    expect(clicked).toContain('nothing to do.');
    expect(clicked).not.toContain(':no_entry_sign:');
    const typedReply = text((await h.command(`stop ${id} nba`, { userId: 'UOPS' })).body);
    expect(typedReply).toContain(`:information_source: Job ${id} is already stopped`);
    expect(mutations()).toEqual([]);
    const trail = h.bot.deps.audit.latest({ limit: 2 });
    expect(trail.map((e) => e.result)).toEqual(['refused', 'refused']);
    expect(trail[1].detail).toMatch(/^The job is already stopped \(since \d{4}-\d\d-\d\d \d\d:\d\d UTC\); nothing to do\.$/);
  });

  async function health(): Promise<Record<string, any>> {
    return (await (await fetch(h.healthUrl)).json()) as Record<string, any>;
  }

  it("knows graphd's release from the connect on, and says so in /healthz and the log", async () => {
    await start();
    await h.command('spaces');
    expect((await health()).nebula).toMatchObject({ version: '3.8.0', notes: [] });
    expect(h.logs.filter((line) => line.includes('"nebula.server_version"'))).toEqual([expect.stringMatching(/"level":"info".*"version":"3\.8\.0"/)]);
  });

  it('says plainly which 3.4–3.8 rules an older server does not follow (the highest release of a mixed cluster)', async () => {
    await start({
      graphd: { version: '3.2.0' },
      // A rolling upgrade, and metad lists the graphds by names the bot does not connect with.
      prepare: (graphd) =>
        graphd.setHosts('GRAPH', [
          { host: 'graphd-a', port: 9669, version: '3.1.0' },
          { host: 'graphd-b', port: 9669, version: '3.2.0' },
        ]),
    });
    await h.command('spaces');
    const { nebula } = await health();
    expect(nebula.version).toBe('3.2.0');
    expect(nebula.notes).toEqual(
      expect.arrayContaining([
        "before 3.3: each task row shows the task's own error code (shown per task), not the job's.",
        expect.stringContaining('before 3.3: STOP of a running COMPACT'),
        expect.stringContaining('before 3.4: RECOVER does not check expiry'),
      ]),
    );
    const [line] = h.logs.filter((l) => l.includes('"nebula.server_version"'));
    expect(JSON.parse(line)).toMatchObject({ level: 'warn', version: '3.2.0', rules: 'NebulaGraph 3.4–3.8', notes: nebula.notes });
  });

  it('never parks a stop: concurrent stops of different jobs on a slow graphd are each sent once, or refused with nothing sent', async () => {
    // One connection, so anything the package held back would be sent before a later read.
    await start({ env: { NEBULA_TIMEOUT_MS: '2000' }, bot: { nebula: { poolSize: 1, reconnectGraceMs: 1000, retryDelayMs: 20, maxRetryDelayMs: 200 } } });
    const ids = Array.from({ length: 4 }, () => h.graphd.addJob('nba', { command: 'STATS', status: 'RUNNING' }));
    const list = (await h.command('list nba', { userId: 'UOPS' })).body as Message;
    const from = h.graphd.mark();
    h.graphd.latencyMs = 250;
    const answers = await Promise.all(
      ids.map(async (id) => text(await answer(await h.as('UOPS').click(list, { actionId: ActionId.jobStop, value: buttonOf(list, ActionId.jobStop, id) })))),
    );
    h.graphd.latencyMs = 0;
    await h.command('list nba', { userId: 'UOPS' });
    const trail = h.bot.deps.audit.latest({ limit: 20 }).filter((e) => e.action === 'stop' && ids.includes(e.jobId as number));
    expect(trail).toHaveLength(ids.length);
    for (const [index, id] of ids.entries()) {
      const [entry] = trail.filter((e) => e.jobId === id);
      const received = h.graphd.statementsMatching(new RegExp(`STOP JOB ${id}$`), from);
      expect(['executed', 'failed']).toContain(entry.result);
      if (entry.result === 'executed') {
        expect(received).toHaveLength(1);
        expect(received[0].at.getTime()).toBeLessThanOrEqual(entry.at.getTime());
      } else {
        expect(entry.detail).toContain('nothing was sent');
        expect(answers[index]).toContain('nothing was sent');
        expect(received).toEqual([]);
      }
    }
    expect(trail.some((e) => e.result === 'executed')).toBe(true);
  });
});
