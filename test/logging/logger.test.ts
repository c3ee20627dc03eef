import { createLogger } from '../../src/logging/logger';

describe('createLogger', () => {
  const lines: string[] = [];
  const logger = createLogger({ level: 'info', secrets: ['xoxb-secret-token', 'nebula'], write: (line) => lines.push(line), now: () => new Date(0) });

  beforeEach(() => lines.splice(0));

  it('writes one JSON object per line with level and bindings', () => {
    logger.child({ component: 'poller' }).info('poll.done', { spaces: 3 });
    expect(JSON.parse(lines[0])).toEqual({ time: '1970-01-01T00:00:00.000Z', level: 'info', msg: 'poll.done', component: 'poller', spaces: 3 });
  });

  it('drops lines below the level', () => {
    logger.debug('noise');
    expect(lines).toHaveLength(0);
  });

  it('never prints secrets, by key or by value', () => {
    logger.error('failed', {
      token: 'anything',
      nested: { password: 'hunter2', note: 'sent xoxb-secret-token to Slack' },
      error: new Error('auth with xoxb-secret-token failed'),
    });
    const line = lines[0];
    expect(line).not.toContain('xoxb-secret-token');
    expect(line).not.toContain('hunter2');
    expect(line).not.toContain('anything');
    expect(JSON.parse(line).error.message).toBe('auth with [redacted] failed');
  });

  it('ignores secrets too short to scrub safely by value (keys still hide them)', () => {
    logger.info('nebula.connect_failed', { password: 'nebula' });
    expect(JSON.parse(lines[0])).toMatchObject({ msg: 'nebula.connect_failed', password: '[redacted]' });
  });

  it("scrubs secrets inside arrays and nested objects, leaving the caller's fields as they were", () => {
    const fields = { items: ['ok', { note: 'xoxb-secret-token here' }], deep: { list: [1, 2], authorization: 'Bearer x' } };
    const before = JSON.stringify(fields);
    logger.warn('scan', fields);
    expect(JSON.parse(lines[0])).toMatchObject({ items: ['ok', { note: '[redacted] here' }], deep: { list: [1, 2], authorization: '[redacted]' } });
    expect(JSON.stringify(fields)).toBe(before);
  });

  it('prints fields with nothing to scrub as they are, and objects that are not plain as their own fields', () => {
    class Point {
      constructor(readonly x: number) {}
      toJSON(): string {
        return 'a point';
      }
    }
    logger.info('shapes', { plain: { a: [1, { b: null }] }, point: new Point(3), when: new Date(0) });
    expect(JSON.parse(lines[0])).toEqual({ time: '1970-01-01T00:00:00.000Z', level: 'info', msg: 'shapes', plain: { a: [1, { b: null }] }, point: { x: 3 }, when: {} });
  });
});
