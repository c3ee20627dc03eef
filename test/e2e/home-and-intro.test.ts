import { ActionId } from '../../src/slack/interactive/action-ids';
import { type Harness, type HarnessOptions, SIGNING_SECRET, startHarness } from '../support/bot-harness';
import { expectValidMessage, expectValidView, interactiveElements, SlackEvents } from '../support/slack-fake';

type View = { type: string; blocks: unknown[] };
type Block = { type: string; text?: { text?: string }; elements?: Array<{ text?: string }> };

const HOUR = 3_600_000;
const ADMIN_POLICY = { rules: [{ subjects: ['UADMIN'], spaces: ['*'], role: 'admin' }] };

/** The text of the section that shows `space` on the Home tab. */
function spaceRow(view: View, space: string): string {
  const row = (view.blocks as Block[]).find((b) => b.type === 'section' && (b.text?.text ?? '').startsWith(`*\`${space}\`*`));
  if (!row) throw new Error(`no row for ${space} in the Home tab: ${JSON.stringify(view.blocks).slice(0, 500)}`);
  return row.text?.text ?? '';
}

function openJobsValue(view: View, space: string): string {
  const button = interactiveElements(view).find((e) => e.actionId === ActionId.homeOpenJobs && e.value?.split('|')[2] === space);
  if (!button?.value) throw new Error(`no Open jobs button for ${space}`);
  return button.value;
}

describe.each(['http', 'socket'] as const)('App Home and introductions (%s)', (mode) => {
  let h: Harness;
  let events: SlackEvents;
  afterEach(async () => h?.close());

  async function start(options: HarnessOptions = {}): Promise<void> {
    h = await startHarness({ mode, spaces: ['nba', 'ldbc'], policy: ADMIN_POLICY, ...options });
    const transport =
      mode === 'http' ? { kind: 'http' as const, botUrl: `http://127.0.0.1:${h.bot.port}/slack/events`, signingSecret: SIGNING_SECRET } : { kind: 'socket' as const };
    events = new SlackEvents({ transport, slack: h.slack });
  }

  function seedJobs(): void {
    const now = Date.now();
    const at = (hoursAgo: number): Date => new Date(now - hoursAgo * HOUR);
    h.graphd.addJob('nba', { command: 'COMPACT', status: 'RUNNING', startTime: at(2) });
    h.graphd.addJob('nba', { command: 'STATS', status: 'RUNNING', startTime: at(72) }); // still running: counted
    h.graphd.addJob('nba', { command: 'FLUSH', status: 'FAILED', startTime: at(3), stopTime: at(2), errorCode: 'E_RPC_FAILURE' });
    h.graphd.addJob('nba', { command: 'FLUSH', status: 'FAILED', startTime: at(30), stopTime: at(29) }); // before the last day
    h.graphd.addJob('nba', { command: 'COMPACT', status: 'STOPPED', startTime: at(1), stopTime: at(0.5) });
    h.graphd.addJob('nba', { command: 'COMPACT', status: 'FINISHED', startTime: at(1), stopTime: at(0.5) });
    h.graphd.addJob('ldbc', { command: 'STATS', status: 'FAILED', startTime: at(1), stopTime: at(0.9) });
  }

  it("publishes the Home tab: the spaces the user may see with the last day's counts, and the alerts of their channels", async () => {
    await start();
    seedJobs();
    await h.command('subscribe nba', { userId: 'UADMIN', channelId: 'C1' });
    await h.command('subscribe ldbc', { userId: 'UADMIN', channelId: 'C9' });
    // 450 channels: read over three pages of users.conversations; C1 is on the second.
    const channels = Array.from({ length: 450 }, (_, i) => `CX${i}`);
    channels[300] = 'C1';
    h.slack.setUserChannels('U1', channels);

    expect((await events.openHome('U1')).status).toBe(200);
    const view = await h.slack.waitForHome('U1');
    expectValidView(view);
    expect(view.type).toBe('home');
    // STATS has run for 72h, and nba has no finished STATS run to learn from: past the 6h default.
    expect(spaceRow(view, 'nba')).toMatch(/ 2 running .* 1 failed .* 1 stopped .* 1 stuck/);
    expect(spaceRow(view, 'ldbc')).toMatch(/ 0 running .* 1 failed .* 0 stopped .* 0 stuck/);
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('<#C1>: `nba` (FAILED, STOPPED, STUCK)');
    expect(text).not.toContain('<#C9>');
    const pages = h.slack.callsTo('users.conversations');
    expect(pages).toHaveLength(3);
    expect(pages.every((call) => call.args.user === 'U1' && call.args.types === 'public_channel,private_channel')).toBe(true);
    expect(h.slack.callsTo('views.publish')).toHaveLength(1); // everything arrived in time: one publish

    // The Messages tab has no view: opening it draws nothing.
    await events.openHome('U1', 'messages');
    await events.openHome('U2');
    await h.slack.waitForHome('U2');
    expect(h.slack.callsTo('views.publish').filter((call) => call.args.user_id === 'U1')).toHaveLength(1);
  });

  it('"Open jobs" posts the space\'s list of the last day to the user in the Messages tab, and the list works there', async () => {
    await start();
    seedJobs();
    await events.openHome('U1');
    const view = await h.slack.waitForHome('U1');
    const mark = h.slack.mark();
    const click = await h.user.clickInView(view, { actionId: ActionId.homeOpenJobs, value: openJobsValue(view, 'nba') });
    expect(click.status).toBe(200);
    const posted = await h.slack.waitForCall('chat.postMessage', (call) => call.args.channel === 'U1', { from: mark.calls });
    const message = { text: posted.args.text as string, blocks: posted.args.blocks as unknown[] };
    expectValidMessage(message);
    const listed = JSON.stringify(message.blocks);
    expect(listed).toContain('Jobs in nba');
    expect(listed).toContain('Last day');
    expect(listed).toContain('`FLUSH`'); // the failure of the last day
    expect(listed).not.toContain('`FINISHED`');

    // In the Messages tab it is an ordinary message: its buttons answer through their response_url.
    const dm = h.slack.messagesIn('U1')[0];
    const details = await h.user.click(dm, { actionId: ActionId.jobDetails }, { channelId: 'D-U1' });
    const answer = await h.slack.waitForResponse(details.responseUrl);
    expectValidMessage(answer.body);
    expect(JSON.stringify(answer.body)).toMatch(/Job \d+/);
  });

  it('publishes what it knows when a space is slow, says which one, and fills it in when it answers', async () => {
    await start({ env: { NEBULA_TIMEOUT_MS: '30000' }, bot: { homeWaitMs: 300 } });
    seedJobs();
    await h.command('list nba'); // the client is connected before the clock starts
    h.graphd.hang((statement) => statement.includes('`ldbc`') && statement.includes('SHOW JOBS'), { applyEffects: true });

    await events.openHome('U1');
    const first = await h.slack.waitForHome('U1');
    expectValidView(first);
    expect(spaceRow(first, 'nba')).toMatch(/ 2 running /);
    expect(spaceRow(first, 'ldbc')).toContain('still reading');

    h.graphd.releaseHung();
    const second = await h.slack.waitForHome('U1', (v) => !JSON.stringify(v.blocks).includes('still reading'), { from: h.slack.callsTo('views.publish').at(-1)!.index + 1 });
    expectValidView(second);
    expect(spaceRow(second, 'ldbc')).toMatch(/ 0 running .* 1 failed /);
  });

  it("says NebulaGraph cannot be reached, and still shows the channels' alerts", async () => {
    await start();
    await h.command('subscribe nba', { userId: 'UADMIN', channelId: 'C1' });
    h.slack.setUserChannels('U1', ['C1']);
    await h.graphd.stop();
    await events.openHome('U1');
    // The names may come from the list read a moment before: then each space says why it is not
    // shown, possibly after a first view that still reads them.
    const settled = /Your spaces cannot be shown right now|could not be read: [^"]*NebulaGraph/;
    const view = await h.slack.waitForHome('U1', (published) => settled.test(JSON.stringify(published.blocks)), { timeoutMs: 20_000 });
    expectValidView(view);
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('<#C1>: `nba`');
  });

  it('introduces itself once when invited to a channel, and says nothing when someone else joins', async () => {
    await start();
    await h.command('use nba', { userId: 'UADMIN', channelId: 'C7' });
    const joined = await events.memberJoined('UBOT', 'C7', 'U1');
    expect(joined.status).toBe(200);
    const intro = await h.slack.waitForCall('chat.postMessage', (call) => call.args.channel === 'C7');
    const message = { text: intro.args.text as string, blocks: intro.args.blocks as unknown[] };
    expectValidMessage(message);
    const text = JSON.stringify(message.blocks);
    for (const command of ['list [space]', 'use <space>', 'subscribe <space>']) expect(text).toContain(`/nebula-jobs ${command}`);
    expect(text).toContain("This channel's default space is `nba`");

    // Slack redelivers the same event (same event_id) when it thinks it was not acknowledged.
    await events.memberJoined('UBOT', 'C7', 'U1', { eventId: joined.eventId, retryNum: 1 });
    await events.memberJoined('U2', 'C8', 'U1');
    await events.memberJoined('UBOT', 'C9', 'U1'); // a later join: proves the ones before were handled
    await h.slack.waitForCall('chat.postMessage', (call) => call.args.channel === 'C9');
    const posts = h.slack.callsTo('chat.postMessage');
    expect(posts.filter((call) => call.args.channel === 'C7')).toHaveLength(1);
    expect(posts.filter((call) => call.args.channel === 'C8')).toHaveLength(0);
  });
});
