import { code, duration, escapeText, literal, slackDate } from '../../../src/slack/blocks/format';

describe('format', () => {
  it('shows times in the reader\'s zone with a UTC fallback', () => {
    expect(slackDate(new Date('2024-05-31T10:00:30Z'))).toBe('<!date^1717149630^{date_short_pretty} {time}|2024-05-31 10:00 UTC>');
  });

  it.each([
    [0, '0s'],
    [12_000, '12s'],
    [250_000, '4m 10s'],
    [7_500_000, '2h 5m'],
    [3 * 86_400_000 + 4 * 3_600_000 + 59_000, '3d 4h'],
    [86_400_000 + 30_000, '1d'],
  ])('formats %p ms as %p', (ms, text) => {
    expect(duration(ms)).toBe(text);
  });

  it('escapes Slack control characters in user text', () => {
    expect(escapeText('<!channel> & <@U1>')).toBe('&lt;!channel&gt; &amp; &lt;@U1&gt;');
    expect(code('a`b<c>')).toBe('`aˋb&lt;c&gt;`');
  });

  it.each([
    ['FAILED', 'FAILED'],
    ['REBUILD_TAG_INDEX', 'REBUILD_TAG_INDEX'],
    ['7, 1:23', '7, 1:23'],
    ['_i_', '`_i_`'],
    ['*b*', '`*b*`'],
    ['evil.example', '`evil.example`'],
    ['<!channel>', '`&lt;!channel&gt;`'],
  ])('shows graphd word %p as %p', (text, shown) => {
    expect(literal(text)).toBe(shown);
  });
});
