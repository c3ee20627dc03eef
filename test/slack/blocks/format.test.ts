import { code, duration, escapeText, literal, slackDate, utcText } from '../../../src/slack/blocks/format';

describe('format', () => {
  it("shows times in the reader's zone with a UTC fallback", () => {
    expect(slackDate(new Date('2024-05-31T10:00:30Z'))).toBe('<!date^1717149630^{date_short_pretty} {time}|2024-05-31 10:00 UTC>');
  });

  it.each([
    ['2024-05-31T10:00:30Z', '2024-05-31 10:00 UTC'],
    ['2024-01-02T03:04:59.999Z', '2024-01-02 03:04 UTC'],
    ['1999-12-31T23:59:00Z', '1999-12-31 23:59 UTC'],
    ['0099-07-04T00:00:00Z', '0099-07-04 00:00 UTC'],
  ])('writes %p in UTC as %p', (iso, text) => {
    expect(utcText(new Date(iso))).toBe(text);
  });

  it('writes an invalid date as dayjs did', () => {
    expect(utcText(new Date(Number.NaN))).toBe('Invalid Date UTC');
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
