import type { FinishedNotice, JobAlert, StuckAlert } from '../../../src/alerts/notices';
import { alertMessage, digestMessage, followUpMessage, followUpNote } from '../../../src/slack/blocks/alert';
import { finishedDigestMessage, finishedMessage, stuckAlertMessage, stuckDigestMessage, stuckHintText } from '../../../src/slack/blocks/stuck-alert';
import { ActionId } from '../../../src/slack/interactive/action-ids';
import { expectValidMessage, interactiveElements } from '../../support/slack-fake';

const now = new Date('2024-06-10T12:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;
const longSpace = 'é'.repeat(128);
const text = (value: unknown): string => JSON.stringify(value);

const running = (over: Partial<StuckAlert> = {}): StuckAlert => ({
  kind: 'stuck',
  cluster: 'default',
  space: 'nba',
  reason: 'running',
  job: { id: 7, command: 'COMPACT', status: 'RUNNING', startTime: now.getTime() - 7 * HOUR, stopTime: null },
  forMs: 7 * HOUR,
  limitMs: 210 * MIN,
  basis: 'history',
  usual: { lowMs: 40 * MIN, highMs: 70 * MIN, runs: 12 },
  waiting: [{ id: 12, command: 'STATS' }],
  moreWaiting: 0,
  blockedBy: null,
  actions: ['stop'],
  detectedAt: now.getTime(),
  ...over,
});

const queued = (over: Partial<StuckAlert> = {}): StuckAlert => ({
  ...running(),
  reason: 'queued',
  job: { id: 12, command: 'STATS', status: 'QUEUE', startTime: null, stopTime: null },
  forMs: 70 * MIN,
  limitMs: 30 * MIN,
  basis: 'setting',
  waiting: [],
  blockedBy: { id: 7, command: 'COMPACT', forMs: 7 * HOUR },
  ...over,
});

const finished = (id: number, over: Partial<FinishedNotice> = {}): FinishedNotice => ({
  cluster: 'default',
  space: 'nba',
  job: { id, command: 'STATS', status: 'FINISHED', startTime: now.getTime() - 7 * MIN, stopTime: now.getTime() },
  tookMs: 7 * MIN,
  usual: { lowMs: 5 * MIN, highMs: 8 * MIN, runs: 20 },
  detectedAt: now.getTime(),
  ...over,
});

describe('stuck alerts', () => {
  it('say how long and what is usual, with Stop and Details, and the caveat where graphd will probably refuse', () => {
    const message = stuckAlertMessage(running());
    expectValidMessage(message);
    expect(message.text).toBe('Job 7 (COMPACT) in nba has been running for 7h; COMPACT here usually takes 40m–1h 10m (last 12 runs)');
    const body = text(message);
    expect(body).toContain('Job 7 COMPACT running for 7h in nba');
    expect(body).toContain('*Running for 7h*; `COMPACT` here usually takes 40m–1h 10m (last 12 runs).');
    expect(body).toContain('3h 30m (3× the 90th percentile of recent runs, at least 30m)');
    expect(body).toContain('*12* `STATS`');
    expect(body).toContain('If the job is stuck after a metad restart or leader change, STOP is accepted.');
    expect(interactiveElements(message).map((e) => e.actionId)).toEqual([ActionId.jobDetails, ActionId.jobStop]);
  });

  it('name the job a queued one waits behind', () => {
    const message = stuckAlertMessage(queued());
    expectValidMessage(message);
    expect(text(message)).toContain('*Queued for 1h 10m* behind job *7* `COMPACT`, running for 7h, where it usually takes 40m–1h 10m.');
    expect(text(message)).not.toContain('metad restart'); // a queued job stops without a caveat
    expect(interactiveElements(message).map((e) => e.actionId)).toEqual([ActionId.jobDetails, ActionId.jobStop]);
  });

  it('say where the limit came from when there is no history', () => {
    expect(text(stuckAlertMessage(running({ usual: null, basis: 'default', limitMs: 6 * HOUR })))).toContain('no finished `COMPACT` run seen in this space yet');
    expect(text(stuckAlertMessage(running({ basis: 'setting', limitMs: 6 * HOUR })))).toContain('6h (STUCK_AFTER for `COMPACT`)');
  });

  it('lose Stop once the job has moved on, and tell how long it lasted', () => {
    const followUp = {
      cluster: 'default',
      space: 'nba',
      jobId: 7,
      from: 'RUNNING',
      to: 'FINISHED',
      at: now.getTime(),
      actorId: null,
      stuck: { kind: 'running' as const, forMs: 7.5 * HOUR },
    };
    const note = followUpNote(followUp);
    expect(note).toContain('Now *FINISHED*, after running for 7h 30m');
    const redrawn = stuckAlertMessage(running(), { status: 'FINISHED', note });
    expectValidMessage(redrawn);
    expect(interactiveElements(redrawn).map((e) => e.actionId)).toEqual([ActionId.jobDetails]);
    expect(followUpNote({ ...followUp, to: 'STOPPED', actorId: 'U1' })).toContain('Now *STOPPED* by <@U1>, after running for 7h 30m');
    expect(followUpNote({ ...followUp, from: 'QUEUE', to: 'RUNNING', stuck: { kind: 'queued', forMs: HOUR } })).toContain('Now *RUNNING*, after waiting 1h in the queue');
    expectValidMessage(followUpMessage(followUp));
  });

  it('stay within Slack limits with long names, hostile text and many waiting jobs', () => {
    const hostile = '<!channel> *bold* `tick` &amp; '.repeat(20);
    const waiting = Array.from({ length: 10 }, (_, i) => ({ id: 2147483600 + i, command: hostile }));
    expectValidMessage(stuckAlertMessage(running({ space: longSpace, job: { ...running().job, command: hostile }, waiting, moreWaiting: 5000 })));
    expectValidMessage(stuckAlertMessage(queued({ space: longSpace, blockedBy: { id: 1, command: hostile, forMs: 400 * 24 * HOUR } })));
  });

  it('become one digest listing each job with Details', () => {
    const alerts = Array.from({ length: 1000 }, (_, i) =>
      i % 2 ? running({ job: { ...running().job, id: i + 1 } }) : queued({ job: { ...queued().job, id: i + 1 }, space: longSpace }),
    );
    const digest = stuckDigestMessage(alerts);
    expectValidMessage(digest);
    expect(text(digest)).toContain('1000 jobs look stuck in');
    expect(interactiveElements(digest).filter((e) => e.actionId === ActionId.jobDetails)).toHaveLength(15);
  });
});

describe('finished notices', () => {
  it('are one short line with Details', () => {
    const message = finishedMessage(finished(42));
    expectValidMessage(message);
    expect(message.blocks).toHaveLength(1);
    expect(text(message)).toContain('Job *42* `STATS` finished in `nba` · took 7m (usually 5m–8m)');
    expectValidMessage(finishedMessage(finished(42, { tookMs: null, usual: null, space: longSpace })));
  });

  it('many at once become one message', () => {
    const digest = finishedDigestMessage(Array.from({ length: 5000 }, (_, i) => finished(i + 1, { space: longSpace })));
    expectValidMessage(digest);
    expect(text(digest)).toContain('*5000 jobs finished*');
    expect(text(digest)).toContain('…and 4970 more');
  });
});

describe('failed balance jobs', () => {
  const balance = (over: Partial<JobAlert> = {}): JobAlert => ({
    cluster: 'default',
    space: 'nba',
    job: { id: 2190, command: 'DATA_BALANCE', status: 'FAILED', startTime: now.getTime() - HOUR, stopTime: now.getTime() },
    previousStatus: 'RUNNING',
    errorCode: 'E_BALANCER_FAILURE',
    failedTasks: [],
    moreFailedTasks: 0,
    stoppedBy: null,
    actions: ['stop', 'recover'],
    detectedAt: now.getTime(),
    balanceBlocked: true,
    ...over,
  });

  it('explain that new balances are blocked, offering Recover and Stop in the one alert', () => {
    const message = alertMessage(balance());
    expectValidMessage(message);
    expect(text(message)).toContain('*New balances are blocked.*');
    expect(text(message)).toContain('E_JOB_NEED_RECOVER');
    expect(interactiveElements(message).map((e) => e.actionId)).toEqual([ActionId.jobDetails, ActionId.jobStop, ActionId.jobRecover]);
    // An older balance job cannot be recovered: Stop alone, and the text says why.
    const older = alertMessage(balance({ actions: ['stop'] }));
    expect(interactiveElements(older).map((e) => e.actionId)).toEqual([ActionId.jobDetails, ActionId.jobStop]);
    expect(text(older)).toContain('only the newest balance job can be recovered');
    expect(text(digestMessage([balance(), balance({ balanceBlocked: undefined })]))).toContain('blocks new balances');
  });

  it('stop blocking once stopped: the explanation and Stop go, Recover stays', () => {
    const followUp = { cluster: 'default', space: 'nba', jobId: 2190, from: 'FAILED', to: 'STOPPED', at: now.getTime(), actorId: 'U1', balanceUnblocked: true };
    const note = followUpNote(followUp);
    expect(note).toContain('Now *STOPPED* by <@U1>');
    expect(note).toContain('New balances can start again.');
    const redrawn = alertMessage(balance(), { status: 'STOPPED', note });
    expect(text(redrawn)).not.toContain('New balances are blocked');
    expect(interactiveElements(redrawn).map((e) => e.actionId)).toEqual([ActionId.jobDetails, ActionId.jobRecover]);
  });

  it('a failure alert of another kind offers no Stop', () => {
    const stats = alertMessage(balance({ job: { ...balance().job, command: 'STATS' }, balanceBlocked: undefined, actions: ['recover'] }));
    expect(interactiveElements(stats).map((e) => e.actionId)).toEqual([ActionId.jobDetails, ActionId.jobRecover]);
  });
});

describe('list hints', () => {
  it.each([
    [
      { kind: 'running' as const, forMs: 7 * HOUR, limitMs: 3 * HOUR, basis: 'history' as const, usual: { lowMs: 40 * MIN, highMs: 70 * MIN, runs: 12 } },
      '⏳ longer than usual (usually 40m–1h 10m)',
    ],
    [{ kind: 'running' as const, forMs: 7 * HOUR, limitMs: 6 * HOUR, basis: 'default' as const, usual: null }, '⏳ past its 6h limit'],
    [{ kind: 'queued' as const, behind: 7 }, '⏳ waits behind job 7, which looks stuck'],
  ])('%j', (hint, expected) => {
    expect(stuckHintText(hint)).toBe(expected);
  });
});
