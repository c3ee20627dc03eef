import { quoteIdentifier, statements } from '../../src/nebula/statements';

describe('statements', () => {
  it('puts a back-quoted USE in front of every job statement', () => {
    expect(statements.showJobs('nba')).toBe('USE `nba`; SHOW JOBS');
    expect(statements.showJob('my-space', 7)).toBe('USE `my-space`; SHOW JOB 7');
    expect(statements.stopJob('nba', 2147483647)).toBe('USE `nba`; STOP JOB 2147483647');
    expect(statements.recoverJob('nba', 3)).toBe('USE `nba`; RECOVER JOB 3');
  });

  it('escapes back-quotes and backslashes as NebulaGraph expects', () => {
    expect(quoteIdentifier('a`b\\c')).toBe('`a\\`b\\\\c`');
  });

  it('quotes any name graphd can hold as one identifier, whatever it contains', () => {
    expect(statements.showJobs('x; DROP SPACE y')).toBe('USE `x; DROP SPACE y`; SHOW JOBS');
    expect(statements.showJobs('a`b\\')).toBe('USE `a\\`b\\\\`; SHOW JOBS');
    expect(statements.showJobs('my space #1 ✨')).toBe('USE `my space #1 ✨`; SHOW JOBS');
  });

  it.each(['', 'x\ny', 'x\ry', 'x\u0000y', 'é'.repeat(2049)])('refuses to build nGQL for the space %p', (space) => {
    expect(() => statements.showJobs(space)).toThrow(/invalid space/);
  });

  it.each([0, -1, 1.5, 2147483648, Number.NaN, 1e10])('refuses to build nGQL for the job id %p', (id) => {
    expect(() => statements.stopJob('nba', id)).toThrow(/invalid job id/);
    expect(() => statements.recoverJob('nba', id)).toThrow(/invalid job id/);
  });
});
