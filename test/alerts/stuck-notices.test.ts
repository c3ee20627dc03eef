import { alertOffer, type FinishedNotice, type StuckAlert } from '../../src/alerts/notices';
import { followUpExtras, stuckAndFinishedEntries } from '../../src/alerts/stuck-notices';
import type { Job } from '../../src/jobs/job';

const job = (id: number, command: string, status: string): Job => ({ id, command, status, startTime: null, stopTime: null });
const stuck = (id: number): StuckAlert => ({
  kind: 'stuck',
  cluster: 'default',
  space: 'nba',
  reason: 'running',
  job: { id, command: 'COMPACT', status: 'RUNNING', startTime: 0, stopTime: null },
  forMs: 1,
  limitMs: 1,
  basis: 'default',
  usual: null,
  waiting: [],
  moreWaiting: 0,
  blockedBy: null,
  actions: ['stop'],
  detectedAt: 0,
});
const finished = (id: number): FinishedNotice => ({
  cluster: 'default',
  space: 'nba',
  job: { id, command: 'STATS', status: 'FINISHED', startTime: 0, stopTime: 1 },
  tookMs: 1,
  usual: null,
  detectedAt: 0,
});

describe('stuckAndFinishedEntries: who hears what', () => {
  const subscribers = [
    { channelId: 'CDEFAULT', statuses: ['FAILED', 'STOPPED', 'STUCK'] },
    { channelId: 'CFAIL', statuses: ['FAILED'] },
    { channelId: 'CALL', statuses: ['FAILED', 'STOPPED', 'STUCK', 'FINISHED'] },
  ];

  it.each<[string, number, number, Set<string>, Record<string, string[]>]>([
    ['one stuck job', 1, 0, new Set(), { CDEFAULT: ['stuck'], CALL: ['stuck'] }],
    ['six stuck jobs: a digest', 6, 0, new Set(), { CDEFAULT: ['stuck-digest'], CALL: ['stuck-digest'] }],
    ['five stuck jobs: five alerts', 5, 0, new Set(), { CDEFAULT: Array(5).fill('stuck'), CALL: Array(5).fill('stuck') }],
    ['finished jobs only where asked', 0, 2, new Set(), { CALL: ['finished', 'finished'] }],
    ['many finished: one message', 0, 9, new Set(), { CALL: ['finished-digest'] }],
    ['a finished job told in its alert thread gets no notice there', 0, 2, new Set(['CALL\u00001']), { CALL: ['finished'] }],
  ])('%s', (_name, stuckCount, finishedCount, threaded, expected) => {
    const entries = stuckAndFinishedEntries(
      subscribers,
      Array.from({ length: stuckCount }, (_, i) => stuck(i + 1)),
      Array.from({ length: finishedCount }, (_, i) => finished(i + 1)),
      5,
      threaded,
    );
    const byChannel: Record<string, string[]> = {};
    for (const entry of entries) (byChannel[entry.channelId] ??= []).push(entry.notice.kind);
    expect(byChannel).toEqual(expected);
  });
});

describe('followUpExtras', () => {
  const t = (command: string, from: string, to: string) => ({ job: job(1, command, to), from, to });

  it.each<[string, ReturnType<typeof t>, Job[], Map<number, { kind: 'running' | 'queued'; forMs: number }>, object]>([
    ['a stuck run that ended', t('COMPACT', 'RUNNING', 'FINISHED'), [], new Map([[1, { kind: 'running' as const, forMs: 9 }]]), { stuck: { kind: 'running', forMs: 9 } }],
    ['a failed balance stopped', t('DATA_BALANCE', 'FAILED', 'STOPPED'), [], new Map(), { balanceUnblocked: true }],
    ['a failed balance recovered', t('DATA_BALANCE', 'FAILED', 'QUEUE'), [], new Map(), { balanceUnblocked: true }],
    ['another failed balance still blocks', t('DATA_BALANCE', 'FAILED', 'STOPPED'), [job(2, 'DATA_BALANCE', 'FAILED')], new Map(), {}],
    ['a failed STATS recovered blocks nothing', t('STATS', 'FAILED', 'QUEUE'), [], new Map(), {}],
    ['a balance that failed again', t('DATA_BALANCE', 'FAILED', 'FAILED'), [], new Map(), {}],
  ])('%s', (_name, transition, others, endings, expected) => {
    expect(followUpExtras(transition, endings, [transition.job, ...others])).toEqual(expected);
  });
});

describe('alertOffer: a stuck alert', () => {
  it('keeps Stop only while the job is as alerted', () => {
    expect(alertOffer(stuck(1)).actions).toEqual(['stop']);
    expect(alertOffer(stuck(1), 'RUNNING').actions).toEqual(['stop']);
    expect(alertOffer(stuck(1), 'FINISHED').actions).toEqual([]);
  });
});
