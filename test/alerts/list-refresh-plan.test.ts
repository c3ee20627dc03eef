import { listingFingerprint, planRefresh } from '../../src/alerts/list-refresh-plan';
import { RedrawPacer } from '../../src/alerts/redraw-pacer';
import type { JobListing } from '../../src/jobs/list-jobs';

const now = new Date('2024-06-10T12:00:00Z');
const until = new Date(now.getTime() + 60_000);
const plan = (input: Partial<Parameters<typeof planRefresh>[0]>) => planRefresh({ now, until, changed: true, surface: 'response-url', usesLeft: 4, ...input });

describe('auto-refresh of a list', () => {
  it('redraws a message the bot may update every time, and stops at the end of its time saying so', () => {
    expect(plan({ surface: 'message', changed: false, usesLeft: 0 })).toEqual({ kind: 'redraw' });
    expect(plan({ surface: 'message', now: until })).toEqual({ kind: 'end', reason: 'time', draw: true });
  });

  it('spends a response_url use only on a change, and keeps the last one to say it stopped', () => {
    expect(plan({ changed: false })).toEqual({ kind: 'skip' });
    expect(plan({ usesLeft: 2 })).toEqual({ kind: 'redraw' });
    expect(plan({ usesLeft: 1, changed: false })).toEqual({ kind: 'skip' });
    expect(plan({ usesLeft: 1 })).toEqual({ kind: 'end', reason: 'uses', draw: true });
    expect(plan({ usesLeft: 0 })).toEqual({ kind: 'end', reason: 'uses', draw: false });
    expect(plan({ now: until, usesLeft: 1, changed: false })).toEqual({ kind: 'end', reason: 'time', draw: true });
    expect(plan({ now: until, usesLeft: 0 })).toEqual({ kind: 'end', reason: 'time', draw: false });
  });

  it('sees a change in what the page shows, not in durations that grow by themselves', () => {
    const job = { id: 3, command: 'STATS', status: 'RUNNING', startTime: now, stopTime: null };
    const listing = (jobs: (typeof job)[], fetchedAt = now): JobListing => ({
      cluster: 'default',
      space: 'nba',
      query: { statuses: [], since: '7d' },
      page: { items: jobs, index: 0, count: 1, total: jobs.length },
      unfiltered: jobs.length,
      fetchedAt,
      actions: new Map(),
    });
    expect(listingFingerprint(listing([job]))).toBe(listingFingerprint(listing([job], new Date(now.getTime() + 60_000))));
    expect(listingFingerprint(listing([job]))).not.toBe(listingFingerprint(listing([{ ...job, status: 'FINISHED', stopTime: now as never }])));
  });
});

describe('pacing of cosmetic redraws', () => {
  it('allows a burst, then one per share of the minute, and waits while Slack asks', () => {
    let clock = now.getTime();
    const pacer = new RedrawPacer(3, () => new Date(clock));
    expect([pacer.take(), pacer.take(), pacer.take(), pacer.take()]).toEqual([true, true, true, false]);
    clock += 20_000;
    expect([pacer.take(), pacer.take()]).toEqual([true, false]);
    clock += 60_000;
    pacer.pause(30_000);
    expect(pacer.take()).toBe(false);
    clock += 30_000;
    expect(pacer.take()).toBe(true);
  });

  it('is not held up by a pause measured on a clock that then stepped back', () => {
    let clock = now.getTime();
    const pacer = new RedrawPacer(3, () => new Date(clock));
    pacer.pause(60_000);
    clock -= 3_600_000;
    expect(pacer.take()).toBe(true);
  });
});
