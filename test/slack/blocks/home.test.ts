import type { Subscription } from '../../../src/alerts/subscriptions';
import type { SpaceOverview } from '../../../src/jobs/space-overview';
import { type ChannelSubscriptions, type HomeInput, homeView } from '../../../src/slack/blocks/home';
import { introMessage } from '../../../src/slack/blocks/intro';
import { ActionId } from '../../../src/slack/interactive/action-ids';
import { decodeListView } from '../../../src/slack/interactive/list-view';
import { expectValidMessage, expectValidView, interactiveElements } from '../../support/slack-fake';

const now = new Date('2024-06-10T12:00:00Z');
const longName = (i: number): string => `${'s'.repeat(120)}_${String(i).padStart(6, '0')}`;

const subscription = (channelId: string, space: string, muted = false): Subscription => ({
  channelId,
  cluster: 'default',
  space,
  statuses: ['FAILED', 'STOPPED'],
  createdBy: 'UADMIN',
  createdAt: now,
  mutedUntil: muted ? new Date(now.getTime() + 3_600_000) : null,
  mutedBy: muted ? 'UOPS' : null,
});

const overview = (space: string, i: number): SpaceOverview => {
  if (i % 7 === 3) return { cluster: 'default', space, state: 'unreadable', reason: `E_EXECUTION_ERROR: ${'x'.repeat(5000)} <@U1> & <!channel>` };
  if (i % 7 === 5) return { cluster: 'default', space, state: 'pending' };
  return { cluster: 'default', space, state: 'known', counts: { running: i, failed: 2147483647, stopped: 0 } };
};

function input(spaces: SpaceOverview[], channels: ChannelSubscriptions[], notRead = 0): HomeInput {
  return { command: '/nebula-jobs', now, spaces: { state: 'listed', overviews: spaces, notRead }, channels: { state: 'known', channels, complete: true } };
}

function texts(view: { blocks: unknown[] }): string {
  return JSON.stringify(view.blocks);
}

describe('Home tab view stays within Slack limits at any size', () => {
  it('1,000 long-named spaces in every state and 1,000 channels with many subscriptions', () => {
    const spaces = Array.from({ length: 1000 }, (_, i) => overview(longName(i), i));
    const channels = Array.from({ length: 1000 }, (_, i) => ({
      channelId: `C${String(i).padStart(10, '0')}`,
      subscriptions: Array.from({ length: 20 }, (_, j) => subscription(`C${i}`, longName(j), j % 2 === 0)),
    }));
    const view = homeView(input(spaces, channels, 5000));
    expectValidView(view);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const shown = interactiveElements(view).filter((e) => e.actionId === ActionId.homeOpenJobs);
    expect(shown.length).toBeGreaterThan(10);
    expect(texts(view)).toContain(`and ${1000 - shown.length + 5000} more spaces`);
    expect(texts(view)).toContain('more channels');
    expect(texts(view)).not.toContain('<@U1>'); // a reason from graphd cannot mention anyone
  });

  it('short names: every space read fits, each with an Open jobs button for the last day', async () => {
    const spaces = Array.from({ length: 40 }, (_, i) => overview(`space_${i}`, i));
    const view = homeView(input(spaces, []));
    expectValidView(view);
    const buttons = interactiveElements(view).filter((e) => e.actionId === ActionId.homeOpenJobs);
    expect(buttons).toHaveLength(40);
    expect(await decodeListView(buttons[0].value, async () => ['space_0'])).toEqual({
      cluster: 'default',
      space: 'space_0',
      query: { statuses: [], since: '1d' },
      page: 0,
      share: false,
    });
    expect(texts(view)).not.toContain('more spaces');
  });

  it('says what is not known: spaces pending or unreachable, channels pending or unreadable, no spaces at all', () => {
    const cases: HomeInput[] = [
      { command: '/nebula-jobs', now, spaces: { state: 'pending' }, channels: { state: 'pending' } },
      {
        command: '/nebula-jobs',
        now,
        spaces: { state: 'unreachable', reason: 'NebulaGraph cannot be reached. '.repeat(200) },
        channels: { state: 'unknown', reason: 'missing_scope' },
      },
      { command: '/nebula-jobs', now, spaces: { state: 'listed', overviews: [], notRead: 0 }, channels: { state: 'known', channels: [], complete: false } },
    ];
    const views = cases.map(homeView);
    views.forEach(expectValidView);
    expect(texts(views[0])).toContain('Reading your spaces');
    expect(texts(views[0])).toContain('Reading your channels');
    expect(texts(views[1])).toContain('cannot be shown right now');
    expect(texts(views[1])).toContain('missing_scope');
    expect(texts(views[2])).toContain('You may see no graph spaces');
    expect(texts(views[2])).toContain('you are in more');
  });

  it('shows the stuck count only once it is known', () => {
    const known = (stuck?: number): SpaceOverview => ({
      cluster: 'default',
      space: 'nba',
      state: 'known',
      counts: { running: 1, failed: 2, stopped: 3, ...(stuck === undefined ? {} : { stuck }) },
    });
    expect(texts(homeView(input([known()], [])))).not.toContain('stuck');
    expect(texts(homeView(input([known(4)], [])))).toContain('4 stuck');
  });
});

describe('introduction', () => {
  it('names list, use and subscribe, and what the channel already has, within limits', () => {
    const message = introMessage({ command: '/nebula-jobs', defaultSpace: longName(1), subscribedSpaces: Array.from({ length: 500 }, (_, i) => longName(i)) });
    expectValidMessage(message);
    const text = texts({ blocks: message.blocks ?? [] });
    for (const command of ['list [space]', 'use <space>', 'subscribe <space>', 'help']) expect(text).toContain(`/nebula-jobs ${command}`);
    expect(text).toContain("This channel's default space is");
    expectValidMessage(introMessage({ command: '/nebula-jobs', subscribedSpaces: [] }));
  });
});
