import { alertOffer, type JobAlert, type StuckAlert } from '../../src/alerts/notices';

const failed = (over: Partial<JobAlert> = {}): JobAlert => ({
  cluster: 'default',
  space: 'nba',
  job: { id: 7, command: 'DATA_BALANCE', status: 'FAILED', startTime: 0, stopTime: 1 },
  previousStatus: 'RUNNING',
  errorCode: null,
  failedTasks: [],
  moreFailedTasks: 0,
  stoppedBy: null,
  actions: ['stop', 'recover'],
  detectedAt: 0,
  ...over,
});
const stuck: StuckAlert = {
  kind: 'stuck',
  cluster: 'default',
  space: 'nba',
  reason: 'running',
  job: { id: 8, command: 'COMPACT', status: 'RUNNING', startTime: 0, stopTime: null },
  forMs: 1,
  limitMs: 1,
  basis: 'default',
  usual: null,
  waiting: [],
  moreWaiting: 0,
  blockedBy: null,
  actions: ['stop'],
  detectedAt: 0,
};

describe('alertOffer: what an alert keeps after a follow-up', () => {
  it.each<[string, JobAlert, string | undefined, ReturnType<typeof alertOffer>]>([
    ['a failure alert as posted offers Recover only', failed(), undefined, { actions: ['recover'], balanceBlocked: false }],
    ['a failed balance job also offers Stop, and warns', failed({ balanceBlocked: true }), undefined, { actions: ['stop', 'recover'], balanceBlocked: true }],
    ['still blocking while FAILED', failed({ balanceBlocked: true }), 'FAILED', { actions: ['stop', 'recover'], balanceBlocked: true }],
    ['stopped: Recover stays, the warning and Stop go', failed({ balanceBlocked: true }), 'STOPPED', { actions: ['recover'], balanceBlocked: false }],
    ['recovered: nothing to press', failed({ balanceBlocked: true }), 'QUEUE', { actions: [], balanceBlocked: false }],
    [
      'a stop reported as FAILED keeps Recover',
      failed({ job: { ...failed().job, status: 'STOPPED' }, actions: ['recover'] }),
      'FAILED',
      { actions: ['recover'], balanceBlocked: false },
    ],
  ])('%s', (_, alert, status, offer) => {
    expect(alertOffer(alert, status)).toEqual(offer);
  });

  it('a stuck alert keeps Stop only while the job is as alerted', () => {
    expect(alertOffer(stuck).actions).toEqual(['stop']);
    expect(alertOffer(stuck, 'RUNNING').actions).toEqual(['stop']);
    expect(alertOffer(stuck, 'FINISHED').actions).toEqual([]);
  });
});
