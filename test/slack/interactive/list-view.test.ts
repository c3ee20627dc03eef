import { decodeJobRef, encodeJobRef } from '../../../src/slack/interactive/job-ref';
import { decodeListView, encodeListView, type ListView } from '../../../src/slack/interactive/list-view';
import { type SpaceLookup, spaceKey } from '../../../src/slack/interactive/space-key';

/** What graphd lists per cluster in these tests: names plain, odd and very long. */
const ODD = 'my space: #1 ✨ é́';
const LONG = 'é'.repeat(2000);
const SPACES: Record<string, string[]> = { default: ['nba', 'x', ODD, LONG], prod: ['nba'] };
const lookups: string[] = [];
const lookup: SpaceLookup = async (cluster, options) => {
  lookups.push(`${cluster}${options.fresh ? ' (fresh)' : ''}`);
  return SPACES[cluster] ?? [];
};

describe('list view codec', () => {
  const view: ListView = {
    cluster: 'prod',
    space: 'nba',
    query: { statuses: ['FAILED', 'STOPPED'], since: '3d', until: '2024-06-01T00:00:00Z', jobId: 42, command: 'COMPACT' },
    page: 3,
    share: true,
  };

  it('round-trips a view', async () => {
    expect(await decodeListView(encodeListView(view), lookup)).toEqual(view);
    const bare: ListView = { cluster: 'default', space: 'x', query: { statuses: [], since: '7d' }, page: 0, share: false };
    expect(await decodeListView(encodeListView(bare), lookup)).toEqual(bare);
  });

  it("carries any space name graphd lists, as a hash when it is not plain, found again among the cluster's spaces", async () => {
    for (const space of [ODD, LONG]) {
      const odd: ListView = { ...view, cluster: 'default', space };
      const encoded = encodeListView(odd);
      expect(encoded).not.toContain(space);
      expect(encoded).toContain(spaceKey(space));
      expect(await decodeListView(encoded, lookup)).toEqual(odd);
    }
  });

  it('reads views made before clusters existed as views of the default cluster', async () => {
    expect(await decodeListView('L1|nba|0|7d||||2|0', lookup)).toEqual({ cluster: 'default', space: 'nba', query: { statuses: [], since: '7d' }, page: 2, share: false });
  });

  it('fits a block_id even for the longest view', () => {
    const longest: ListView = {
      cluster: 'c'.repeat(32),
      space: 'é'.repeat(4000),
      query: {
        statuses: ['QUEUE', 'RUNNING', 'FINISHED', 'FAILED', 'STOPPED'],
        since: '2024-06-01T00:00:00Z',
        until: '2024-06-02T00:00:00Z',
        jobId: 2147483647,
        command: 'X'.repeat(32),
      },
      page: 999999,
      share: true,
    };
    expect([...`list-filters:${encodeListView(longest)}`].length).toBeLessThanOrEqual(255);
  });

  it('asks graphd again before calling a space gone (one created a moment ago)', async () => {
    lookups.length = 0;
    await expect(decodeListView('L2|default|gone|0|7d||||0|0', lookup)).rejects.toThrow('This message is out of date.');
    expect(lookups).toEqual(['default', 'default (fresh)']);
  });

  it.each([
    undefined,
    '',
    'L1|nba',
    'L2|nba|0|7d||||0|0',
    'L2|default|nba;drop|0|7d||||0|0',
    'L2|Default|nba|0|7d||||0|0',
    'L2|default|~short|0|7d||||0|0',
    'L2|default|nba|0|forever||||0|0',
    'L2|default|nba|0|7d||0|||0|0',
    'L2|default|nba|0|7d||99999999999||0|0',
    'L2|default|nba|0|7d|||x;y|0|0',
    'L2|default|nba|z|7d||||0|0',
    'L2|default|nba|0|7d||||-1|0',
    'L2|nowhere|nba|0|7d||||0|0',
  ])('refuses the tampered value %p as out of date', async (value) => {
    await expect(decodeListView(value, lookup)).rejects.toThrow('This message is out of date.');
  });
});

describe('job reference codec', () => {
  it('round-trips and refuses tampering', async () => {
    expect(await decodeJobRef(encodeJobRef({ cluster: 'prod', space: 'nba', jobId: 7 }), lookup)).toEqual({ cluster: 'prod', space: 'nba', jobId: 7 });
    expect(await decodeJobRef(encodeJobRef({ cluster: 'default', space: ODD, jobId: 7 }), lookup)).toEqual({ cluster: 'default', space: ODD, jobId: 7 });
    expect(await decodeJobRef('J1|nba|7', lookup)).toEqual({ cluster: 'default', space: 'nba', jobId: 7 });
    for (const bad of ['J2|default|nba|0', 'J2|default|nba|1e3', 'J2|default|n`ba|7', 'J2|default|nba|7|x', 'J2|nba|7', 'J2|prod|x|7', undefined]) {
      await expect(decodeJobRef(bad, lookup)).rejects.toThrow('out of date');
    }
  });
});
