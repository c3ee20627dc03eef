import { alertOffer, type JobAlert } from '../../src/alerts/notices';

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

describe('alertOffer: what a failure alert keeps after a follow-up', () => {
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
});
