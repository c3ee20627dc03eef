import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActionId } from '../../src/slack/interactive/action-ids';
import { type Harness, type HarnessOptions, startHarness } from '../support/bot-harness';
import { FakeGraphd } from '../support/graphd';
import { expectValidMessage, interactiveElements, type PostedMessage, type SentRequest, SlackFake } from '../support/slack-fake';

type Message = Record<string, unknown> & { blocks?: unknown[]; ts?: string; channel?: string };

const POLICY = {
  defaultRole: 'viewer',
  rules: [
    { subjects: ['UOPS', 'UOPS2'], spaces: ['nba'], role: 'operator' },
    { subjects: ['UADMIN', 'UADMIN2'], spaces: ['*'], role: 'admin' },
    { subjects: ['SONCALL'], spaces: ['nba'], role: 'operator' },
  ],
  approvals: { stop: 'none', recover: 'none', expiresMinutes: 30, adminsBypass: false },
};

const withApprovals = (overrides: Record<string, unknown> = {}) => ({ ...POLICY, approvals: { ...POLICY.approvals, stop: 'required', channel: 'CAPPROVALS', ...overrides } });

describe.each(['http', 'socket'] as const)('stop and recover from Slack (%s)', (mode) => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function start(options: HarnessOptions = {}): Promise<Harness> {
    h = await startHarness({ policy: POLICY, mode, ...options });
    return h;
  }

  async function answer(sent: SentRequest): Promise<Message> {
    expect(sent.status).toBe(200);
    const post = await h.slack.waitForResponse(sent.responseUrl);
    expectValidMessage(post.body);
    return post.body as Message;
  }

  /** A typed stop/recover answers with the job and a button: confirm it, and return what the click answered. */
  async function typed(command: string, options: { userId: string; channelId?: string }): Promise<Message> {
    const confirmation = (await h.command(command, options)).body as Message;
    const actionId = command.startsWith('stop') ? ActionId.jobStop : ActionId.jobRecover;
    return answer(await h.as(options.userId).click(confirmation, { actionId }, { channelId: options.channelId }));
  }

  const text = (message: unknown): string => JSON.stringify(message);
  const stops = (): string[] => h.graphd.statements().filter((s) => /STOP JOB|RECOVER JOB/.test(s));

  it('lets an operator stop a running job from the list, redrawing it with who acted', async () => {
    await start();
    const id = h.graphd.addJob('nba', { command: 'STATS', status: 'RUNNING' });
    const list = (await h.command('list nba', { userId: 'UOPS' })).body as Message;
    const redrawn = await answer(await h.as('UOPS').click(list, { actionId: ActionId.jobStop }));
    expect(redrawn.replace_original).toBe(true);
    expect(text(redrawn)).toContain(`<@UOPS> stopped job ${id}; it is now *STOPPED*`);
    expect(text(redrawn)).toContain(':octagonal_sign: STOPPED');
    expect(stops()).toEqual([`USE \`nba\`; STOP JOB ${id}`]);
    expect(h.graphd.job('nba', id)?.status).toBe('STOPPED');
    expect(h.bot.deps.audit.latest({ limit: 5 })[0]).toMatchObject({ userId: 'UOPS', action: 'stop', jobId: id, result: 'executed' });
  });

  it('never sends STOP or RECOVER for a user without rights, whatever the button says', async () => {
    await start();
    const running = h.graphd.addJob('nba', { command: 'STATS', status: 'RUNNING' });
    const failed = h.graphd.addJob('nba', { command: 'FLUSH', status: 'FAILED' });
    const list = (await h.command('list nba')).body as Message;
    for (const user of ['UNOBODY', 'UOPS-NOT']) {
      const denied = await answer(await h.as(user).click(list, { actionId: ActionId.jobStop }));
      expect(denied.replace_original).toBe(false);
      expect(text(denied)).toContain('You need the operator role in `nba`');
      await answer(await h.as(user).click(list, { actionId: ActionId.jobRecover }));
    }
    // An operator of nba has no rights in another space, even with a forged button value.
    h.graphd.createSpace('ldbc');
    const other = h.graphd.addJob('ldbc', { command: 'STATS', status: 'RUNNING' });
    const forged = {
      blocks: [{ type: 'actions', elements: [{ type: 'button', action_id: ActionId.jobStop, text: { type: 'plain_text', text: 'Stop' }, value: `J1|ldbc|${other}#d` }] }],
    };
    expect(text(await answer(await h.as('UOPS').click(forged, { actionId: ActionId.jobStop })))).toContain('operator role in `ldbc`');
    expect(stops()).toEqual([]);
    expect(h.graphd.job('nba', running)?.status).toBe('RUNNING');
    expect(h.graphd.job('nba', failed)?.status).toBe('FAILED');
    expect(h.bot.deps.audit.latest({ limit: 10 }).filter((e) => e.result === 'denied')).toHaveLength(5);
  });

  it("re-reads the job at click time and explains graphd's refusals without sending anything", async () => {
    await start();
    const id = h.graphd.addJob('nba', { command: 'STATS', status: 'RUNNING' });
    const list = (await h.command('list nba')).body as Message;
    h.graphd.setJobStatus('nba', id, 'FINISHED'); // the button is now stale
    const refused = await answer(await h.as('UOPS').click(list, { actionId: ActionId.jobStop }));
    expect(refused.replace_original).toBe(false);
    expect(text(refused)).toContain('A finished job cannot be stopped.');

    const failedStats = h.graphd.addJob('nba', { command: 'STATS', status: 'FAILED' });
    const listed = (await h.command('list nba')).body as Message;
    expect(
      interactiveElements(listed)
        .filter((e) => e.value?.startsWith(`J2|default|nba|${failedStats}#`))
        .map((e) => e.actionId),
    ).toEqual([ActionId.jobRecover]);
    expect(text((await h.command(`stop ${failedStats} nba`, { userId: 'UOPS' })).body)).toContain('A failed job cannot be stopped; recover it or start a new one.');

    const b1 = h.graphd.addJob('nba', { command: 'ZONE_BALANCE', status: 'STOPPED' });
    h.graphd.addJob('nba', { command: 'ZONE_BALANCE', status: 'STOPPED' });
    expect(text((await h.command(`recover ${b1} nba`, { userId: 'UOPS' })).body)).toContain('Only the latest BALANCE DATA job can be recovered');
    expect(text((await h.command(`recover ${id} nba`, { userId: 'UOPS' })).body)).toContain('A finished job cannot be recovered');
    expect(stops()).toEqual([]);
  });

  it('recovers a failed job from its detail, and says so when graphd recovers nothing', async () => {
    await start();
    const id = h.graphd.addJob('nba', { command: 'STATS', status: 'FAILED' });
    const detail = (await h.command(`show ${id} nba`, { userId: 'UOPS' })).body as Message;
    const redrawn = await answer(await h.as('UOPS').click(detail, { actionId: ActionId.jobRecover }));
    expect(redrawn.replace_original).toBe(true);
    expect(text(redrawn)).toContain(`<@UOPS> recovered job ${id}; it is now *QUEUE*`);
    expect(stops()).toEqual([`USE \`nba\`; RECOVER JOB ${id}`]);

    // graphd skips a rebuild whose twin (same parameters) is running: "Recovered job num" 0.
    const rebuild = h.graphd.addJob('nba', { command: 'REBUILD_TAG_INDEX', status: 'FAILED' });
    h.graphd.addJob('nba', { command: 'REBUILD_TAG_INDEX', status: 'RUNNING' });
    const reply = text(await typed(`recover ${rebuild} nba`, { userId: 'UOPS' }));
    expect(reply).toContain(`NebulaGraph refused to recover job ${rebuild}`);
    expect(reply).toContain('declined');
    expect(h.bot.deps.audit.latest({ limit: 1 })[0]).toMatchObject({ result: 'refused-by-server', jobId: rebuild });
  });

  it('reports a timeout in the middle of a stop as an unknown outcome and never resends it', async () => {
    await start({ env: { NEBULA_TIMEOUT_MS: '400' } });
    const id = h.graphd.addJob('nba', { command: 'STATS', status: 'RUNNING' });
    h.graphd.hang(/STOP JOB/, { applyEffects: true });
    const reply = text(await typed(`stop ${id} nba`, { userId: 'UOPS' }));
    expect(reply).toContain('did not confirm in time');
    expect(reply).toContain('not sent again');
    expect(reply).toContain('now shows *STOPPED*');
    h.graphd.releaseHung();
    expect(stops()).toEqual([`USE \`nba\`; STOP JOB ${id}`]);
    expect(h.bot.deps.audit.latest({ limit: 1 })[0]).toMatchObject({ result: 'outcome-unknown' });
  });

  it('reports graphd down during an action as failed, with nothing sent', async () => {
    await start();
    const id = h.graphd.addJob('nba', { command: 'STATS', status: 'RUNNING' });
    await h.command('list nba');
    await h.graphd.stop();
    const reply = text((await h.command(`stop ${id} nba`, { userId: 'UOPS' })).body);
    expect(reply).toMatch(/Cannot reach NebulaGraph|connection to NebulaGraph/);
    await h.graphd.restart();
    expect(stops()).toEqual([]);
  });

  it('sends STOP once when two people click Stop at once, and tells the second who is on it', async () => {
    await start();
    const id = h.graphd.addJob('nba', { command: 'STATS', status: 'RUNNING' });
    const list = (await h.command('list nba', { userId: 'UOPS' })).body as Message;
    h.graphd.latencyMs = 300; // both clicks are handled while the first is still talking to graphd
    const [a, b] = await Promise.all([h.as('UOPS').click(list, { actionId: ActionId.jobStop }), h.as('UOPS2').click(list, { actionId: ActionId.jobStop })]);
    const answers = await Promise.all([answer(a), answer(b)]);
    h.graphd.latencyMs = 0;
    expect(stops()).toEqual([`USE \`nba\`; STOP JOB ${id}`]);
    const busy = answers.filter((m) => /is already stopping job \d+/.test(text(m)));
    expect(busy).toHaveLength(1);
    expect(busy[0].replace_original).toBe(false);
    expect(text(busy[0])).not.toMatch(/try again/i);
    expect(answers.filter((m) => text(m).includes(`stopped job ${id}; it is now *STOPPED*`))).toHaveLength(1);
    // Both attempts are in the audit trail: one ran, the other was turned away with nothing sent.
    const trail = h.bot.deps.audit
      .latest({ limit: 10 })
      .filter((e) => e.jobId === id)
      .map((e) => e.result);
    expect(trail.sort()).toEqual(['executed', 'refused']);
  });

  it('grants rights through a Slack user group, and denies when Slack cannot tell', async () => {
    await start();
    h.slack.setUserGroup('SONCALL', ['UONCALL']);
    const id = h.graphd.addJob('nba', { command: 'STATS', status: 'RUNNING' });
    h.slack.failNext('usergroups.users.list', { error: 'plan_upgrade_required' }, 2); // the view check, then the role check
    expect(text((await h.command(`stop ${id} nba`, { userId: 'UONCALL' })).body)).toContain('operator role');
    expect(text(await typed(`stop ${id} nba`, { userId: 'UONCALL' }))).toContain('<@UONCALL> stopped');
  });

  describe('with two-person approval', () => {
    async function requestStop(requester = 'UOPS'): Promise<{ id: number; request: PostedMessage; banner: Message; requesterUrl: string }> {
      const id = h.graphd.addJob('nba', { command: 'STATS', status: 'RUNNING' });
      const list = (await h.command('list nba', { userId: requester })).body as Message;
      const mark = h.slack.mark();
      const click = await h.as(requester).click(list, { actionId: ActionId.jobStop, value: `J2|default|nba|${id}#L2|default|nba|0|7d||||0|0` });
      const banner = await answer(click);
      const call = await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === 'CAPPROVALS', { from: mark.calls });
      expectValidMessage(call.args);
      const request = h.slack.messagesIn('CAPPROVALS').at(-1) as PostedMessage;
      return { id, request, banner, requesterUrl: click.responseUrl };
    }

    it('posts a request in the approvals channel and runs the action once on the first approval', async () => {
      await start({ policy: withApprovals() });
      const { id, request, banner, requesterUrl } = await requestStop();
      expect(text(banner)).toContain('asked an admin to approve: stop job');
      expect(text(banner)).toContain('<#CAPPROVALS>');
      expect(text(request)).toContain(`<@UOPS>`);
      expect(text(request)).toContain('Approval needed: stop job');
      expect(stops()).toEqual([]);

      const own = await answer(await h.as('UOPS').click(request, { actionId: ActionId.approve }));
      expect(text(own)).toContain('cannot approve or reject your own request');
      const operator = await answer(await h.as('UOPS2').click(request, { actionId: ActionId.approve }));
      expect(text(operator)).toContain('Only an admin');
      expect(stops()).toEqual([]);

      // Two admins click at once: one execution.
      const [a, b] = await Promise.all([h.as('UADMIN').click(request, { actionId: ActionId.approve }), h.as('UADMIN2').click(request, { actionId: ActionId.approve })]);
      const answers = await Promise.all([answer(a), answer(b)]);
      expect(stops()).toEqual([`USE \`nba\`; STOP JOB ${id}`]);
      expect(answers.filter((m) => text(m).includes('Already decided'))).toHaveLength(1);
      const outcome = answers.find((m) => m.replace_original === true) as Message;
      expect(text(outcome)).toMatch(/stopped job \d+; it is now \*STOPPED\*/);
      expect(interactiveElements(outcome)).toEqual([]);
      // The requester's message is redrawn with the outcome through their response_url.
      const told = await h.slack.waitForResponse((p) => p.url === requesterUrl && text(p.body).includes('approved by'));
      expect(text(told.body)).toContain(':octagonal_sign: STOPPED');
      const trail = h.bot.deps.audit.latest({ limit: 10 }).map((e) => `${e.userId}:${e.result}`);
      expect(trail).toEqual(expect.arrayContaining(['UOPS:requested', 'UOPS:denied', 'UOPS2:denied', 'UOPS:executed']));
      expect(trail.filter((t) => t.endsWith(':approved'))).toHaveLength(1);
    });

    it('does nothing when an admin rejects', async () => {
      await start({ policy: withApprovals() });
      const { request, requesterUrl } = await requestStop();
      const outcome = await answer(await h.as('UADMIN').click(request, { actionId: ActionId.reject }));
      expect(text(outcome)).toContain('Rejected by <@UADMIN>');
      expect(stops()).toEqual([]);
      await h.slack.waitForResponse((p) => p.url === requesterUrl && text(p.body).includes('Rejected'));
      expect(h.bot.deps.audit.latest({ limit: 1 })[0]).toMatchObject({ userId: 'UADMIN', result: 'rejected' });
    });

    it('refuses an expired request, and the sweep marks expired requests', async () => {
      let clock = Date.now();
      await start({ policy: withApprovals({ expiresMinutes: 1 }), bot: { now: () => new Date(clock) } });
      const first = await requestStop();
      clock += 2 * 60_000;
      const expired = await answer(await h.as('UADMIN').click(first.request, { actionId: ActionId.approve }));
      expect(text(expired)).toContain('expired before anyone decided');
      expect(stops()).toEqual([]);

      const second = await requestStop();
      clock += 2 * 60_000;
      const mark = h.slack.mark();
      expect(await h.bot.expireApprovals()).toBe(1);
      await h.slack.waitForCall('chat.update', (c) => c.args.ts === second.request.ts, { from: mark.calls });
      expect(text(h.slack.message('CAPPROVALS', second.request.ts))).toContain('expired');
      expect(interactiveElements(h.slack.message('CAPPROVALS', second.request.ts) as PostedMessage)).toEqual([]);
      expect(stops()).toEqual([]);
      expect(h.bot.deps.audit.latest({ limit: 10 }).filter((e) => e.result === 'expired')).toHaveLength(2);
    });

    it('refuses to run an approved request whose requester is no longer an operator, and says why', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'nebula-jobs-role-'));
      const graphd = await FakeGraphd.start();
      graphd.createSpace('nba');
      const slack = await SlackFake.start();
      const shared = { mode, dir, graphdInstance: graphd, slackInstance: slack };
      try {
        h = await startHarness({ ...shared, policy: withApprovals() });
        const { id, request, requesterUrl } = await requestStop();
        await h.close();
        // The policy changes while the request waits (requests live for days): UOPS is no longer an operator.
        const demoted = { ...withApprovals(), rules: POLICY.rules.map((rule) => ({ ...rule, subjects: rule.subjects.filter((s) => s !== 'UOPS') })) };
        h = await startHarness({ ...shared, policy: demoted });
        const outcome = await answer(await h.as('UADMIN').click(request, { actionId: ActionId.approve }));
        expect(outcome.replace_original).toBe(true);
        expect(text(outcome)).toContain('<@UOPS> is no longer an operator of `nba`');
        expect(text(outcome)).toContain('nothing was sent');
        expect(interactiveElements(outcome)).toEqual([]);
        expect(stops()).toEqual([]);
        expect(graphd.job('nba', id)?.status).toBe('RUNNING');
        await h.slack.waitForResponse((p) => p.url === requesterUrl && text(p.body).includes('no longer an operator'));
        const [entry] = h.bot.deps.audit.latest({ limit: 1 });
        expect(entry).toMatchObject({ userId: 'UOPS', action: 'stop', jobId: id, result: 'denied' });
        expect(entry.detail).toContain('approved by UADMIN');
        expect(entry.detail).toContain('now viewer');
      } finally {
        await h.close();
        await slack.close();
        await graphd.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('lets admins act at once only with adminsBypass', async () => {
      await start({ policy: withApprovals({ adminsBypass: true }) });
      const id = h.graphd.addJob('nba', { command: 'STATS', status: 'RUNNING' });
      expect(text(await typed(`stop ${id} nba`, { userId: 'UADMIN' }))).toContain('<@UADMIN> stopped');
      expect(stops()).toHaveLength(1);
    });

    it('asks in the current channel when no approvals channel is set', async () => {
      await start({ policy: withApprovals({ channel: undefined }) });
      const id = h.graphd.addJob('nba', { command: 'STATS', status: 'RUNNING' });
      const reply = text(await typed(`stop ${id} nba`, { userId: 'UOPS', channelId: 'COPS' }));
      expect(reply).toContain('<#COPS>');
      expect(text(h.slack.messagesIn('COPS'))).toContain('Approval needed');
    });
  });

  it('shows roles with whoami and the audit trail to admins only', async () => {
    await start({ spaces: ['nba', 'ldbc'] });
    expect(text((await h.command('whoami', { userId: 'UOPS' })).body)).toMatch(/`ldbc`: \*viewer\*.*`nba`: \*operator\*/);
    const id = h.graphd.addJob('nba', { command: 'STATS', status: 'RUNNING' });
    await typed(`stop ${id} nba`, { userId: 'UOPS' });
    expect(text((await h.command('audit nba', { userId: 'UOPS' })).body)).toContain('Only admins of `nba`');
    const audit = text((await h.command('audit since=1d', { userId: 'UADMIN' })).body);
    expect(audit).toContain(`<@UOPS>  *stop* job ${id} in \`nba\`: _executed_`);
  });

  it('tells people how to grant rights when no policy is configured', async () => {
    h = await startHarness({ mode });
    const id = h.graphd.addJob('nba', { command: 'STATS', status: 'RUNNING' });
    expect(text((await h.command(`stop ${id} nba`)).body)).toContain('No access policy is configured (ACCESS_FILE)');
    expect(text((await h.command('whoami')).body)).toContain('everyone is a viewer');
  });
});
