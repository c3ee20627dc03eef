import { decodeListView, encodeListView, ListView } from '../../../src/slack/interactive/list-view';
import { decodeJobRef, encodeJobRef } from '../../../src/slack/interactive/job-ref';

describe('list view codec', () => {
  const view: ListView = {
    space: 'nba',
    query: { statuses: ['FAILED', 'STOPPED'], since: '3d', until: '2024-06-01T00:00:00Z', jobId: 42, command: 'COMPACT' },
    page: 3,
    share: true,
  };

  it('round-trips a view', () => {
    expect(decodeListView(encodeListView(view))).toEqual(view);
    const bare: ListView = { space: 'x', query: { statuses: [], since: '7d' }, page: 0, share: false };
    expect(decodeListView(encodeListView(bare))).toEqual(bare);
  });

  it('fits a block_id even for the longest view', () => {
    const longest: ListView = {
      space: 'é'.repeat(128),
      query: { statuses: ['QUEUE', 'RUNNING', 'FINISHED', 'FAILED', 'STOPPED'], since: '2024-06-01T00:00:00Z', until: '2024-06-02T00:00:00Z', jobId: 2147483647, command: 'X'.repeat(32) },
      page: 999999,
      share: true,
    };
    expect([...('list-filters:' + encodeListView(longest))].length).toBeLessThanOrEqual(255);
  });

  it.each([
    undefined,
    '',
    'L1|nba',
    'L2|nba|0|7d||||0|0',
    'L1|nba;drop|0|7d||||0|0',
    'L1|nba|0|forever||||0|0',
    'L1|nba|0|7d||0|||0|0',
    'L1|nba|0|7d||99999999999||0|0',
    'L1|nba|0|7d|||x;y|0|0',
    'L1|nba|z|7d||||0|0',
    'L1|nba|0|7d||||-1|0',
  ])('refuses the tampered value %p as out of date', (value) => {
    expect(() => decodeListView(value)).toThrow('This message is out of date.');
  });
});

describe('job reference codec', () => {
  it('round-trips and refuses tampering', () => {
    expect(decodeJobRef(encodeJobRef({ space: 'nba', jobId: 7 }))).toEqual({ space: 'nba', jobId: 7 });
    for (const bad of ['J1|nba|0', 'J1|nba|1e3', 'J1|n`ba|7', 'J1|nba|7|x', 'J2|nba|7', undefined]) {
      expect(() => decodeJobRef(bad)).toThrow('out of date');
    }
  });
});
