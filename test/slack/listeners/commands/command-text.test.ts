import { JobsError } from '../../../../src/jobs/jobs-error';
import { parseCommandText } from '../../../../src/slack/listeners/commands/command-text';

const parse = (text: string) => parseCommandText(text, '/nebula-jobs');

function failure(text: string): JobsError {
  try {
    parse(text);
  } catch (error) {
    expect(error).toBeInstanceOf(JobsError);
    return error as JobsError;
  }
  throw new Error(`expected "${text}" to be refused`);
}

describe('parseCommandText', () => {
  it('treats an empty command as help', () => {
    expect(parse('')).toEqual({ kind: 'help' });
    expect(parse('   ')).toEqual({ kind: 'help' });
    expect(parse('HELP')).toEqual({ kind: 'help' });
  });

  it('parses list with options in any order', () => {
    expect(parse('list nba since=1d status=Failed,stopped command=compact share')).toEqual({
      kind: 'list',
      space: 'nba',
      share: true,
      query: { statuses: ['FAILED', 'STOPPED'], since: '1d', command: 'compact' },
    });
    expect(parse('list id=42')).toEqual({ kind: 'list', space: undefined, share: false, query: { statuses: [], since: '7d', jobId: 42 } });
  });

  it('accepts SUCCEEDED as FINISHED and removes duplicates', () => {
    expect(parse('list status=succeeded,FINISHED')).toMatchObject({ query: { statuses: ['FINISHED'] } });
  });

  it('normalises absolute times to UTC seconds and reads zone-less times as UTC', () => {
    expect(parse('list since=2024-05-31T10:00 until=2024-06-01T12:30:15+02:00')).toMatchObject({
      query: { since: '2024-05-31T10:00:00Z', until: '2024-06-01T10:30:15Z' },
    });
    expect(parse('list since=2024-05-31')).toMatchObject({ query: { since: '2024-05-31T00:00:00Z' } });
  });

  it('keeps quoted command filters together and turns spaces into underscores', () => {
    expect(parse('list command="balance data"')).toMatchObject({ query: { command: 'balance_data' } });
    expect(parse('list command=“rebuild tag”')).toMatchObject({ query: { command: 'rebuild_tag' } });
  });

  it('decodes the HTML entities Slack puts in command text', () => {
    expect(parse('list a&amp;b&lt;c&gt;')).toMatchObject({ space: 'a&b<c>' });
  });

  it('parses show, use and spaces', () => {
    expect(parse('show 42')).toEqual({ kind: 'show', jobId: 42, space: undefined });
    expect(parse('show 42 nba')).toEqual({ kind: 'show', jobId: 42, space: 'nba' });
    expect(parse('use')).toEqual({ kind: 'use', space: undefined });
    expect(parse('use my-space_2')).toEqual({ kind: 'use', space: 'my-space_2' });
    expect(parse('spaces')).toEqual({ kind: 'spaces' });
  });

  it('parses watch, unwatch and watches', () => {
    expect(parse('watch 42')).toEqual({ kind: 'watch', jobId: 42, space: undefined });
    expect(parse('WATCH 42 prod/nba')).toEqual({ kind: 'watch', jobId: 42, space: 'prod/nba' });
    expect(parse('unwatch 42 nba')).toEqual({ kind: 'unwatch', jobId: 42, space: 'nba' });
    expect(parse('watches')).toEqual({ kind: 'watches' });
  });

  it.each([
    ['watch', 'needs a job id'],
    ['watch x', 'job id'],
    ['unwatch 1 nba extra', 'Unexpected'],
    ['watches mine', 'takes no arguments'],
    ['frobnicate', 'Unknown command'],
    ['list status=done', 'not a job status'],
    ['list since=yesterday', 'not a time range'],
    ['list until=soon', 'not a date-time'],
    ['list since=2024-06-02 until=2024-06-01', '`since` is after `until`'],
    ['list colour=red', 'Unknown option'],
    ['list status=failed status=stopped', 'given twice'],
    ['list a b', 'Unexpected'],
    ['list command=drop;space', 'not a job command'],
    ['list command="unclosed', 'quote is not closed'],
    ['show', 'needs a job id'],
    ['spaces prod now', 'Unexpected'],
    ['clusters now', 'takes no arguments'],
  ])('refuses %p with a message saying what was wrong', (text, expected) => {
    const error = failure(text);
    expect(error.kind).toBe('invalid-input');
    expect(error.message).toContain(expected);
  });

  it.each(['1e3', '-1', '0', '99999999999', '2147483648', '0x10', '012', '1.5', ' '])('refuses the job id %p', (id) => {
    const error = failure(`show ${id}`);
    expect(error.kind).toBe('invalid-input');
  });

  it('accepts the largest job id', () => {
    expect(parse('show 2147483647')).toMatchObject({ jobId: 2147483647 });
  });

  it.each(['x;', 'x`y', 'a.b', "x'y", 'a/b', '{x}', '😀', 'prod/nba'])('takes %p as a space name, to be looked up in SHOW SPACES', (space) => {
    expect(parse(`list ${space}`)).toMatchObject({ kind: 'list', space });
  });

  it('takes a quoted name with blanks, and refuses an unclosed quote', () => {
    expect(parse('list "my space #1"')).toMatchObject({ space: 'my space #1' });
    expect(() => parse('list "')).toThrow(JobsError);
  });

  it('refuses very long text without echoing it', () => {
    const error = failure(`list ${'a'.repeat(5000)}`);
    expect(error.message).toContain('too long');
    expect(error.message.length).toBeLessThan(100);
  });

  it.each([
    ['subscribe nba', ['FAILED', 'STOPPED', 'STUCK']],
    ['subscribe nba status=failed,stopped', ['FAILED', 'STOPPED']],
    ['subscribe nba status=Stuck', ['STUCK']],
    ['subscribe nba status=failed,stopped,finished', ['FAILED', 'STOPPED', 'FINISHED']],
    ['subscribe nba status=finished,stuck,STOPPED,failed,succeeded', ['FAILED', 'STOPPED', 'STUCK', 'FINISHED']],
  ])('%s hears %j', (text, statuses) => {
    expect(parse(text)).toEqual({ kind: 'subscribe', space: 'nba', statuses });
  });

  it.each(['subscribe nba status=running', 'subscribe nba status=queue', 'subscribe nba status=', 'subscribe nba status=failed,everything'])(
    'refuses %s, saying what would work',
    (text) => {
      const error = failure(text);
      expect(error.message).toContain('is not something to be alerted about');
      expect(error.hint).toContain('failed, stopped, stuck or finished');
    },
  );
});
