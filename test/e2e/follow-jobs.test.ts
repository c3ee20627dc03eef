import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActionId } from '../../src/slack/interactive/action-ids';
import { type Harness, type HarnessOptions, SIGNING_SECRET, startHarness } from '../support/bot-harness';
import { FakeGraphd } from '../support/graphd';
import { expectValidMessage, interactiveElements, type PostedMessage, type SentRequest, SlackEvents, SlackFake } from '../support/slack-fake';

type Message = Record<string, unknown> & { blocks?: unknown[]; ts?: string; channel?: string };

const MINUTE = 60_000;
const POLICY = {
  defaultRole: 'viewer',
  rules: [
    { subjects: ['UOPS'], spaces: ['*'], role: 'operator' },
    { subjects: ['UADMIN'], spaces: ['*'], role: 'admin' },
  ],
  approvals: { stop: 'none', recover: 'none', expiresMinutes: 30, adminsBypass: false },
};
const WITH_APPROVALS = { ...POLICY, approvals: { ...POLICY.approvals, stop: 'required', channel: 'CAPPROVALS' } };

const text = (value: unknown): string => JSON.stringify(value);

describe('follow jobs through their whole life', () => {
  let h: Harness;
  /** The bot's, graphd's and Slack's clock, moved by the tests (no sleeps). */
  let clock: number;
  afterEach(async () => h?.close());

  const clocked = (options: HarnessOptions = {}): HarnessOptions => ({
    policy: POLICY,
    ...options,
    graphd: { now: () => new Date(clock), ...options.graphd },
    bot: { now: () => new Date(clock), ...options.bot },
  });

  async function start(options: HarnessOptions = {}): Promise<Harness> {
    h = await startHarness(clocked(options));
    h.slack.now = () => clock;
    return h;
  }

  beforeEach(() => {
    clock = Date.parse('2024-06-10T12:00:00Z');
  });

  async function answer(sent: SentRequest): Promise<Message> {
    expect(sent.status).toBe(200);
    const post = await h.slack.waitForResponse(sent.responseUrl);
    expectValidMessage(post.body);
    return post.body as Message;
  }

  /** One run of the job follower, then whatever it queued is delivered. */
  async function follow() {
    const report = await h.bot.follower.runOnce();
    await h.bot.sender.idle();
    return report;
  }

  function valid(messages: PostedMessage[]): PostedMessage[] {
    for (const message of messages) expectValidMessage(message);
    return messages;
  }

  describe('a stop, followed until its tasks settle', () => {
    it('tells the person who stopped from a list only they saw, in their messages with the bot: once "still running", then "stopped cleanly"', async () => {
      await start();
      const id = h.graphd.addJob('nba', {
        command: 'DATA_BALANCE',
        status: 'RUNNING',
        balanceTasks: [
          { partId: 1, src: 'storaged0:9779', dst: 'storaged1:9779', status: 'IN_PROGRESS' },
          { partId: 2, src: 'storaged0:9779', dst: 'storaged2:9779', status: 'IN_PROGRESS' },
        ],
      });
      const list = (await h.command('list nba', { userId: 'UOPS' })).body as Message;
      const stopped = text(await answer(await h.as('UOPS').click(list, { actionId: ActionId.jobStop })));
      expect(stopped).toContain(
        `<@UOPS> stopped job ${id}; it is now *STOPPED*. :eyes: The bot follows the job until its tasks end (30 min at most) and says how in <@UOPS>'s messages with the bot.`,
      );

      expect(await follow()).toMatchObject({ jobsRead: 1, notes: 0 });
      clock += 6 * MINUTE;
      expect(await follow()).toMatchObject({ jobsRead: 1, notes: 1 });
      clock += 10_000;
      expect(await follow()).toMatchObject({ notes: 0 }); // said once
      // The balance tasks end; the job stays STOPPED.
      for (const task of h.graphd.job('nba', id)?.balanceTasks ?? []) Object.assign(task, { status: 'SUCCEEDED', stop: Math.floor(clock / 1000) });
      clock += 10_000;
      expect(await follow()).toMatchObject({ notes: 1 });
      clock += 10_000;
      expect(await follow()).toMatchObject({ jobsRead: 0, notes: 0 }); // no longer followed

      const notes = valid(h.slack.messagesIn('UOPS'));
      expect(notes.map((m) => m.threadTs)).toEqual([undefined, undefined]);
      expect(text(notes[0])).toContain(
        `Job *${id}* \`DATA_BALANCE\` in \`nba\`, stopped by <@UOPS>: tasks still running after 6 min (2 of 2 tasks: \`storaged0:9779-&gt;storaged1:9779\``,
      );
      expect(text(notes[1])).toContain('stopped cleanly: all tasks ended');
      expect(h.graphd.job('nba', id)?.status).toBe('STOPPED');
    });

    it("tells an approved stop in the approval request's thread when storaged reports the cancel (FAILED), exactly once", async () => {
      await start({ policy: WITH_APPROVALS });
      const id = h.graphd.addJob('nba', { command: 'STATS', status: 'QUEUE' });
      h.graphd.setJobStatus('nba', id, 'RUNNING');
      expect(text((await h.act(`stop ${id} nba`, { userId: 'UOPS' })).body)).toContain('asked an admin to approve');
      const request = h.slack.messagesIn('CAPPROVALS').at(-1) as PostedMessage;
      const decided = text(await answer(await h.as('UADMIN').click(request, { actionId: ActionId.approve })));
      expect(decided).toContain('approved by <@UADMIN>');
      expect(decided).toContain("The bot follows the job until its tasks end (30 min at most) and says how in the approval request's thread.");

      expect(await follow()).toMatchObject({ notes: 0 }); // STOPPED, its three tasks still running
      h.graphd.reportCancel('nba', id);
      clock += 10_000;
      expect(await follow()).toMatchObject({ notes: 1 });
      clock += 10_000;
      expect(await follow()).toMatchObject({ jobsRead: 0, notes: 0 });

      const thread = valid(h.slack.messagesIn('CAPPROVALS').filter((m) => m.threadTs === request.ts));
      expect(thread).toHaveLength(1);
      expect(text(thread[0])).toContain(`Job *${id}* \`STATS\` in \`nba\`, stopped by <@UOPS> (approved by <@UADMIN>): turned FAILED (storaged reported the cancel`);
      expect(h.graphd.job('nba', id)).toMatchObject({ status: 'FAILED', errorCode: 'E_USER_CANCEL' });
    });

    it('says once that tasks still run, and stops following after 30 minutes', async () => {
      await start();
      const id = h.graphd.addJob('nba', { command: 'STATS', status: 'QUEUE' });
      h.graphd.setJobStatus('nba', id, 'RUNNING');
      await h.act(`stop ${id} nba`, { userId: 'UOPS' });
      for (let minute = 0; minute <= 31; minute += 1) {
        await follow();
        clock += MINUTE;
      }
      const notes = valid(h.slack.messagesIn('UOPS')).map(text);
      expect(notes).toHaveLength(2);
      expect(notes[0]).toContain('tasks still running after 5 min (3 of 3 tasks');
      expect(notes[1]).toContain('no longer followed after 30 min; 3 tasks were still running');
    });
  });

  it('follows only in the process holding the poller lease; a stop made through another process is followed there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nebula-jobs-follow-lease-'));
    const graphd = await FakeGraphd.start({ now: () => new Date(clock) });
    graphd.createSpace('nba');
    const slack = await SlackFake.start();
    const shared = clocked({ dir, graphdInstance: graphd, slackInstance: slack });
    let other: Harness | undefined;
    try {
      h = await startHarness({ ...shared, bot: { ...shared.bot, leaseHolder: 'holder-a' } }); // takes the lease at start
      other = await startHarness({ ...shared, bot: { ...shared.bot, leaseHolder: 'holder-b' } });
      const id = graphd.addJob('nba', { command: 'STATS', status: 'QUEUE' });
      graphd.setJobStatus('nba', id, 'RUNNING');
      await other.act(`stop ${id} nba`, { userId: 'UOPS' });
      graphd.reportCancel('nba', id);
      expect(await other.bot.follower.runOnce()).toBeNull();
      expect(await follow()).toMatchObject({ notes: 1 });
      expect(await other.bot.follower.runOnce()).toBeNull();
      expect(await follow()).toMatchObject({ jobsRead: 0, notes: 0 });
      expect(valid(slack.messagesIn('UOPS')).map(text)).toEqual([expect.stringContaining('turned FAILED (storaged reported the cancel')]);
    } finally {
      await other?.close();
      await h.close();
      await slack.close();
      await graphd.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('watching a job', () => {
    it("redraws the watcher's copy while it runs and mentions them once with outcome and duration, across a bot restart", async () => {
      const dir = mkdtempSync(join(tmpdir(), 'nebula-jobs-watch-'));
      const graphd = await FakeGraphd.start({ now: () => new Date(clock) });
      graphd.createSpace('nba');
      const slack = await SlackFake.start();
      slack.now = () => clock;
      const shared = clocked({ dir, graphdInstance: graphd, slackInstance: slack });
      try {
        h = await startHarness(shared);
        const a = graphd.addJob('nba', { command: 'COMPACT', status: 'QUEUE' });
        const b = graphd.addJob('nba', { command: 'STATS', status: 'QUEUE' });
        graphd.setJobStatus('nba', a, 'RUNNING');
        graphd.setJobStatus('nba', b, 'RUNNING');

        // A viewer may watch: by command, and with the Watch button of a list.
        const typed = text((await h.command(`watch ${a} nba`, { userId: 'UVIEW' })).body);
        expect(typed).toContain(`Watching job ${a} \`COMPACT\` in \`nba\``);
        const list = (await h.command('list nba', { userId: 'UVIEW' })).body as Message;
        const clicked = await answer(await h.as('UVIEW').click(list, { actionId: ActionId.jobWatch, value: `J2|default|nba|${b}` }));
        expect(clicked.replace_original).toBe(false);
        expect(text(clicked)).toContain(`Watching job ${b}`);
        expect(text((await h.command(`watch ${a} nba`, { userId: 'UVIEW' })).body)).toContain('You already watch job');
        expect(text((await h.command('watches', { userId: 'UVIEW' })).body)).toContain('You watch 2 jobs');
        const copies = valid(slack.messagesIn('UVIEW').filter((m) => !m.threadTs));
        const copyOf = (id: number): PostedMessage => copies.find((m) => text(m).includes(`Watching job ${id} `)) as PostedMessage;
        expect(interactiveElements(copyOf(a)).map((e) => e.actionId)).toEqual([ActionId.jobStop, ActionId.jobUnwatch]);

        // The copy is redrawn when a task changes.
        graphd.reportTask('nba', a, 0);
        clock += 30_000;
        const mark = slack.mark();
        expect(await follow()).toMatchObject({ jobsRead: 2, notes: 0 });
        await slack.waitForCall('chat.update', (c) => c.args.ts === copyOf(a).ts, { from: mark.calls });

        // A finishes 7m 4s after it started: its watcher is mentioned in the copy's thread.
        clock += 7 * MINUTE + 4_000 - 30_000;
        for (const task of [1, 2]) graphd.reportTask('nba', a, task);
        clock += 30_000;
        expect(await follow()).toMatchObject({ notes: 1 });
        const mentionsOf = (id: number): PostedMessage[] => slack.messagesIn('UVIEW').filter((m) => m.threadTs === copyOf(id).ts);
        expect(valid(mentionsOf(a))).toHaveLength(1);
        expect(text(mentionsOf(a)[0])).toContain(`<@UVIEW> Job *${a}* \`COMPACT\` in \`nba\` ended: :white_check_mark: *FINISHED* after 7m 4s.`);
        expect(text(slack.message('UVIEW', copyOf(a).ts))).toContain('ended: :white_check_mark: *FINISHED*');
        expect(interactiveElements(slack.message('UVIEW', copyOf(a).ts) as PostedMessage)).toEqual([]);

        // The bot goes away; B fails meanwhile; a new bot on the same database tells it once, and A not again.
        await h.close();
        clock += MINUTE;
        graphd.setJobStatus('nba', b, 'FAILED', { errorCode: 'E_RPC_FAILURE' });
        h = await startHarness(shared);
        for (let run = 0; run < 3; run += 1) {
          await follow();
          clock += 30_000;
        }
        expect(mentionsOf(a)).toHaveLength(1);
        expect(valid(mentionsOf(b))).toHaveLength(1);
        expect(text(mentionsOf(b)[0])).toMatch(new RegExp(`<@UVIEW> Job \\*${b}\\* \`STATS\` in \`nba\` ended: :x: \\*FAILED\\* after 8m 34s \\(\`E_RPC_FAILURE\``));
        expect(text((await h.command('watches', { userId: 'UVIEW' })).body)).toContain('You watch no job');
      } finally {
        await h.close();
        await slack.close();
        await graphd.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('unwatch ends a watch without a mention; a finished job is not watched; role none may not watch', async () => {
      await start({ policy: { ...POLICY, defaultRole: 'none', rules: [...POLICY.rules, { subjects: ['UVIEW'], spaces: ['nba'], role: 'viewer' }] } });
      const id = h.graphd.addJob('nba', { command: 'STATS', status: 'QUEUE' });
      const done = h.graphd.addJob('nba', { command: 'FLUSH', status: 'FINISHED' });
      expect(text((await h.command(`watch ${id} nba`, { userId: 'UNOBODY' })).body)).toContain('You may not view `nba`');
      expect(text((await h.command(`watch ${done} nba`, { userId: 'UVIEW' })).body)).toContain('is already *FINISHED*');
      await h.command(`watch ${id} nba`, { userId: 'UVIEW' });
      const [copy] = h.slack.messagesIn('UVIEW');
      expect(text((await h.command(`unwatch ${id}`, { userId: 'UVIEW' })).body)).toContain(`You no longer watch job ${id}`);
      expect(text(h.slack.message('UVIEW', copy.ts))).toContain('no longer watched');
      expect(text((await h.command(`unwatch ${id}`, { userId: 'UVIEW' })).body)).toContain(`You do not watch job ${id}`);
      h.graphd.setJobStatus('nba', id, 'FINISHED');
      expect(await follow()).toMatchObject({ jobsRead: 0, notes: 0 });
      expect(h.slack.messagesIn('UVIEW')).toHaveLength(1);
    });
  });

  describe('auto-refresh of a list', () => {
    /** Opens the Home tab as U1 and clicks Open jobs for nba: a list the bot posts (so redraws use chat.update). */
    async function listPostedFromHome(): Promise<PostedMessage> {
      const events = new SlackEvents({ transport: { kind: 'http', botUrl: `http://127.0.0.1:${h.bot.port}/slack/events`, signingSecret: SIGNING_SECRET }, slack: h.slack });
      await events.openHome('U1');
      const view = await h.slack.waitForHome('U1');
      const open = interactiveElements(view).find((e) => e.actionId === ActionId.homeOpenJobs && e.value?.split('|')[2] === 'nba');
      const mark = h.slack.mark();
      await h.user.clickInView(view, { actionId: ActionId.homeOpenJobs, value: open?.value });
      await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === 'U1', { from: mark.calls });
      return h.slack.messagesIn('U1').at(-1) as PostedMessage;
    }

    it('redraws a list only its reader sees again after a redraw Slack failed to take', async () => {
      await start();
      const list = (await h.command('list nba')).body as Message;
      const sent = await h.user.click(list, { actionId: ActionId.listAutoRefresh, option: '10s' });
      await answer(sent);
      h.graphd.addJob('nba', { command: 'FLUSH', status: 'QUEUE' });
      h.slack.failNext('response_url', { status: 503 });
      clock += 10_000;
      await follow();
      expect(h.slack.responsesTo(sent.responseUrl).map((p) => p.status)).toEqual([200, 503]);
      // Nothing changed since, but the reader never saw FLUSH: the next run draws it.
      clock += 10_000;
      await follow();
      const posts = h.slack.responsesTo(sent.responseUrl);
      expect(posts.map((p) => p.status)).toEqual([200, 503, 200]);
      expect(text(posts[2].body)).toContain('FLUSH');
    });

    it("redraws a list only its reader sees only when it changes, within the response_url's 5 uses, and says when it stopped", async () => {
      await start();
      h.graphd.addJob('nba', { command: 'STATS', status: 'QUEUE' });
      const list = (await h.command('list nba')).body as Message;
      const sent = await h.user.click(list, { actionId: ActionId.listAutoRefresh, option: '10s' });
      const first = await answer(sent);
      expect(text(first)).toContain('Auto-refresh every 10s');
      expect(text(first)).toContain('Slack lets the bot redraw this message only 5 times in 30 minutes: it is redrawn when a job changes (3 more times)');
      clock += 10_000;
      await follow();
      expect(h.slack.responsesTo(sent.responseUrl)).toHaveLength(1); // nothing changed, no use spent
      for (let change = 0; change < 6; change += 1) {
        h.graphd.addJob('nba', { command: 'FLUSH', status: 'QUEUE' });
        clock += 10_000;
        await follow();
      }
      const posts = h.slack.responsesTo(sent.responseUrl);
      expect(posts).toHaveLength(5);
      expect(h.slack.refusedResponses()).toEqual([]);
      for (const post of posts) expectValidMessage(post.body);
      expect(text(posts[3].body)).toContain('Auto-refresh every 10s');
      expect(text(posts[4].body)).toContain(':pause_button: Auto-refresh ended after 1 min: Slack lets the bot redraw this message only 5 times. Refresh to look again.');
      expect(text(posts[4].body)).not.toContain('Auto-refresh every');
    });

    it('ends a list only its reader sees before its response_url expires', async () => {
      await start();
      const list = (await h.command('list nba')).body as Message;
      const sent = await h.user.click(list, { actionId: ActionId.listAutoRefresh, option: '5m' });
      await answer(sent);
      for (let minute = 0; minute < 35; minute += 1) {
        clock += MINUTE;
        await follow();
      }
      const posts = h.slack.responsesTo(sent.responseUrl);
      expect(posts).toHaveLength(2);
      expect(h.slack.refusedResponses()).toEqual([]);
      expect(text(posts[1].body)).toContain('Auto-refresh ended after 29 min; Refresh to look again.');
    });

    it('falls back to the response_url when Slack refuses chat.update for a shared list', async () => {
      await start();
      const list = (await h.command('list nba share')).body as Message;
      expect(list.response_type).toBe('in_channel');
      // Slack posts a shared answer as a message of its own: a click on it names its ts.
      const sent = await h.user.click(list, { actionId: ActionId.listAutoRefresh, option: '30s' }, { isEphemeral: false, messageTs: '1700000099.000001' });
      const first = await answer(sent);
      expect(text(first)).toContain('Auto-refresh every 30s');
      expect(text(first)).not.toContain('only 5 times');
      clock += 30_000;
      await follow(); // chat.update: message_not_found (the fake keeps no response_url messages)
      expect(h.slack.callsTo('chat.update').filter((c) => c.args.ts === '1700000099.000001')).toHaveLength(1);
      h.graphd.addJob('nba', { command: 'FLUSH', status: 'QUEUE' });
      clock += 30_000;
      await follow();
      const posts = h.slack.responsesTo(sent.responseUrl);
      expect(posts).toHaveLength(2);
      expect(posts[1].body).toMatchObject({ response_type: 'in_channel', replace_original: true });
      expect(text(posts[1].body)).toContain('only 5 times in 30 minutes');
      expect(h.slack.refusedResponses()).toEqual([]);
    });

    it('keeps the cluster and space pickers the first drawing had on every redraw, through the response_url and chat.update', async () => {
      await start();
      h.graphd.createSpace('ldbc');
      const pickers = (message: unknown): string[] =>
        interactiveElements(message as Message)
          .map((e) => e.actionId)
          .filter((id) => id === ActionId.pickCluster || id === ActionId.pickSpace);
      // A list only its reader sees: redrawn through the response_url when a job changes.
      const list = (await h.command('list nba')).body as Message;
      expect(pickers(list)).toEqual([ActionId.pickSpace]);
      const sent = await h.user.click(list, { actionId: ActionId.listAutoRefresh, option: '10s' });
      expect(pickers(await answer(sent))).toEqual([ActionId.pickSpace]);
      h.graphd.addJob('nba', { command: 'FLUSH', status: 'QUEUE' });
      clock += 10_000;
      await follow();
      const posts = h.slack.responsesTo(sent.responseUrl);
      expect(posts).toHaveLength(2);
      expectValidMessage(posts[1].body);
      expect(text(posts[1].body)).toContain('FLUSH');
      expect(pickers(posts[1].body)).toEqual([ActionId.pickSpace]);

      // A message the bot posted: redrawn with chat.update, and once more when the refresh ends.
      const posted = await listPostedFromHome();
      expect(pickers(posted)).toEqual([ActionId.pickSpace]);
      await answer(await h.user.click(posted, { actionId: ActionId.listAutoRefresh, option: '1m' }));
      const updates = () => h.slack.callsTo('chat.update').filter((c) => c.args.ts === posted.ts && c.status === 200);
      clock += MINUTE;
      await follow();
      expect(updates()).toHaveLength(1);
      expect(pickers(h.slack.message('U1', posted.ts))).toEqual([ActionId.pickSpace]);
      clock += 30 * MINUTE;
      await follow();
      const ended = h.slack.message('U1', posted.ts) as PostedMessage;
      expectValidMessage(ended);
      expect(text(ended)).toContain(':pause_button: Auto-refresh ended');
      expect(pickers(ended)).toEqual([ActionId.pickSpace]);
    });

    it('refreshes a message the bot posted with chat.update every interval for 30 minutes, then stops by itself and says so', async () => {
      await start();
      h.graphd.addJob('nba', { command: 'STATS', status: 'QUEUE' });
      const posted = await listPostedFromHome();
      const sent = await h.user.click(posted, { actionId: ActionId.listAutoRefresh, option: '1m' });
      expect(text(await answer(sent))).toContain('Auto-refresh every 1m');
      const updates = (): number => h.slack.callsTo('chat.update').filter((c) => c.args.ts === posted.ts && c.status === 200).length;
      for (let minute = 1; minute <= 29; minute += 1) {
        clock += MINUTE;
        await follow();
      }
      expect(updates()).toBe(29);
      clock += MINUTE;
      await follow();
      const last = h.slack.message('U1', posted.ts) as PostedMessage;
      expectValidMessage(last);
      expect(text(last)).toContain(':pause_button: Auto-refresh ended after 30 min; Refresh to look again.');
      clock += MINUTE;
      await follow();
      expect(updates()).toBe(30);
      expect(h.slack.responsesTo(sent.responseUrl)).toHaveLength(1);
    });
  });
});
