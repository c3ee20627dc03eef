import type { Job } from '../../../src/jobs/job';
import { stopVerdict } from '../../../src/jobs/rules';
import { outcomeText, stopFollowText } from '../../../src/slack/blocks/action-outcome';

const stopped: Job = { id: 12, command: 'STATS', status: 'STOPPED', startTime: new Date('2024-06-10T11:00:00Z'), stopTime: new Date('2024-06-10T11:30:00Z') };

describe('outcomeText', () => {
  it('tells a stop of a STOPPED job as information, not as an error', () => {
    const verdict = stopVerdict(stopped);
    if (verdict.allowed) throw new Error('a stopped job is not stopped again');
    const text = outcomeText('stop', 12, { result: 'refused', reason: verdict.reason, before: stopped }, 'U1');
    expect(text).toBe(':information_source: Job 12 is already stopped (since <!date^1718019000^{date_short_pretty} {time}|2024-06-10 11:30 UTC>); nothing to do.');
  });

  it('keeps refusals as refusals', () => {
    const failed: Job = { ...stopped, status: 'FAILED' };
    expect(outcomeText('stop', 12, { result: 'refused', reason: 'A failed job cannot be stopped; recover it or start a new one.', before: failed }, 'U1')).toMatch(
      /^:no_entry_sign: Job 12 was not stopped: /,
    );
  });
});

describe('stopFollowText', () => {
  const follow = {
    cluster: 'default',
    space: 'nba',
    jobId: 12,
    userId: 'U1',
    approverId: null,
    startedAt: new Date('2024-06-10T11:30:00Z'),
    until: new Date('2024-06-10T12:00:00Z'),
  };

  it('says how long the job is followed and in which thread its end is told', () => {
    expect(stopFollowText({ ...follow, notify: { channel: 'C1', threadTs: '1.2' } })).toBe(
      ':eyes: The bot follows the job until its tasks end (30 min at most) and says how in the thread of the message clicked.',
    );
    expect(stopFollowText({ ...follow, notify: { channel: 'C1', threadTs: '1.2' } }, "in the approval request's thread")).toMatch(/says how in the approval request's thread\.$/);
  });

  it("points to the stopper's messages with the bot when there is no thread", () => {
    expect(stopFollowText({ ...follow, notify: { channel: 'U1', threadTs: null } })).toMatch(/says how in <@U1>'s messages with the bot\.$/);
  });
});
