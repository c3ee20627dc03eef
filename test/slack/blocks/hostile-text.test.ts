import type { Approval } from '../../../src/access/approvals';
import type { FinishedNotice, JobAlert, StuckAlert } from '../../../src/alerts/notices';
import type { Job, JobDetail } from '../../../src/jobs/job';
import { JobsError } from '../../../src/jobs/jobs-error';
import type { JobListing } from '../../../src/jobs/list-jobs';
import { createLogger } from '../../../src/logging/logger';
import { outcomeText } from '../../../src/slack/blocks/action-outcome';
import { alertMessage, digestMessage, followUpMessage, followUpNote, outageMessage } from '../../../src/slack/blocks/alert';
import { approvalOutcomeMessage, approvalRequestMessage } from '../../../src/slack/blocks/approval';
import { errorReply } from '../../../src/slack/blocks/error-reply';
import { jobActionConfirmMessage } from '../../../src/slack/blocks/job-action-confirm';
import { jobDetailMessage } from '../../../src/slack/blocks/job-detail';
import { jobListMessage } from '../../../src/slack/blocks/job-list';
import type { SlackMessage } from '../../../src/slack/blocks/message';
import { notice } from '../../../src/slack/blocks/notice';
import { finishedDigestMessage, finishedMessage, stuckAlertMessage, stuckDigestMessage } from '../../../src/slack/blocks/stuck-alert';
import { expectValidMessage } from '../../support/slack-fake';

/**
 * graphd's text (commands, statuses, hosts, error codes, task ids, space names) can hold
 * anything. Every mrkdwn string a builder makes, the `text` fallback included, must keep it
 * from becoming a mention, a link or formatting.
 */
const EVIL = '<!channel> <@UEVIL> <#CEVIL> <!subteam^SEVIL> <http://evil.example|click> &amp; & `tick` *b* _i_ ~s~';
/** For free text (reasons, error messages): escaped, not code-quoted. */
const EVIL_PROSE = '<!here> <@UEVIL> <#CEVIL> <http://evil.example|click> & &lt;';

const now = new Date('2024-06-10T12:00:00Z');
const evilJob = (id = 7): Job => ({ id, command: EVIL, status: EVIL, startTime: new Date(now.getTime() - 60_000), stopTime: now });

/** The strings Slack reads as mrkdwn: the top-level text and every mrkdwn text object. */
function mrkdwnTexts(value: unknown, top = true): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => mrkdwnTexts(v, false));
  if (!value || typeof value !== 'object') return [];
  const object = value as Record<string, unknown>;
  const own = (top || object.type === 'mrkdwn') && typeof object.text === 'string' ? [object.text] : [];
  return [...own, ...Object.entries(object).flatMap(([key, v]) => (key === 'text' && typeof v === 'string' ? [] : mrkdwnTexts(v, false)))];
}

/** The bot's own control sequences: date tokens and the mentions of the test's real users. */
const OWN = [/<!date\^\d+\^[^|>]*\|[^<>]*>/g, /<@U[12]>/g, /<#C1>/g];

function problems(message: unknown): string[] {
  const found: string[] = [];
  for (const text of mrkdwnTexts(message)) {
    const rest = OWN.reduce((t, own) => t.replace(own, ''), text);
    if (/[<>]/.test(rest)) found.push(`unescaped < or > in: ${text}`);
    if (/&(?!amp;|lt;|gt;)/.test(rest)) found.push(`unescaped & in: ${text}`);
    if (/\*b\*|_i_|~s~/.test(rest.replace(/`[^`]*`/g, ''))) found.push(`formatting outside code in: ${text}`);
  }
  return found;
}

function listing(): JobListing {
  return {
    cluster: 'default',
    space: EVIL,
    query: { statuses: ['FAILED'], since: '7d' },
    page: { items: [evilJob(1), evilJob(2)], index: 0, count: 1, total: 2 },
    unfiltered: 2,
    fetchedAt: now,
    actions: new Map([
      [1, ['stop', 'recover']],
      [2, ['recover']],
    ]),
  };
}

function detail(): JobDetail {
  const task = { taskId: EVIL, host: EVIL, status: EVIL, startTime: now, stopTime: now, errorCode: EVIL };
  return { job: evilJob(), errorCode: EVIL, layout: 'storage', tasks: [task, { ...task, taskId: '1' }], summary: null };
}

function alert(): JobAlert {
  return {
    cluster: 'default',
    space: EVIL,
    job: { id: 7, command: EVIL, status: EVIL, startTime: now.getTime() - 60_000, stopTime: now.getTime() },
    previousStatus: EVIL,
    errorCode: EVIL,
    failedTasks: [{ taskId: EVIL, host: EVIL, status: EVIL, errorCode: EVIL }],
    moreFailedTasks: 0,
    stoppedBy: 'U1',
    actions: ['recover'],
    detectedAt: now.getTime(),
  };
}

function approval(status: Approval['status'] = 'pending'): Approval {
  return {
    id: '6f1c0c52-0f7e-4d6b-9a55-1b8b8c6f2c11',
    action: 'stop',
    cluster: 'default',
    space: EVIL,
    jobId: 7,
    requesterId: 'U1',
    requestedIn: 'C1',
    requesterResponseUrl: null,
    requesterContext: null,
    status,
    createdAt: now,
    expiresAt: now,
    decidedBy: status === 'pending' ? null : 'U2',
    decidedAt: null,
    detail: null,
    message: null,
  };
}

/** A running job of a kind graphd may refuse to stop: the stop caveat names its command. */
const evilRunning = (): Job => ({ ...evilJob(), status: 'RUNNING', stopTime: null });

function stuck(reason: 'running' | 'queued'): StuckAlert {
  return {
    kind: 'stuck',
    cluster: 'default',
    space: EVIL,
    reason,
    job: { id: 7, command: EVIL, status: 'RUNNING', startTime: now.getTime() - 60_000, stopTime: null },
    forMs: 60_000,
    limitMs: 30_000,
    basis: 'setting',
    usual: { lowMs: 1, highMs: 2, runs: 2 },
    waiting: [{ id: 8, command: EVIL }],
    moreWaiting: 1,
    blockedBy: reason === 'queued' ? { id: 6, command: EVIL, forMs: 1 } : null,
    actions: ['stop'],
    detectedAt: now.getTime(),
  };
}

const finished: FinishedNotice = {
  cluster: 'default',
  space: EVIL,
  job: { id: 7, command: EVIL, status: 'FINISHED', startTime: 0, stopTime: 1 },
  tookMs: 1,
  usual: null,
  detectedAt: 0,
};

const followUp = { cluster: 'default', space: EVIL, jobId: 7, from: EVIL, to: EVIL, at: now.getTime(), actorId: 'U2' };
const executed = outcomeText('stop', 7, { result: 'executed', before: evilJob(), after: evilJob() }, 'U1', 'U2');
const unknown = outcomeText('recover', 7, { result: 'outcome-unknown', reason: EVIL_PROSE, before: evilJob(), after: evilJob() }, 'U1');
const refused = outcomeText('stop', 7, { result: 'refused-by-server', reason: EVIL_PROSE, before: evilJob(), after: null }, 'U1');
const silent = createLogger({ level: 'error', write: () => undefined });

const BUILDERS: Array<[string, () => SlackMessage]> = [
  ['job list', () => jobListMessage(listing(), true, now, { banner: executed })],
  ['job detail', () => jobDetailMessage({ cluster: 'default', space: EVIL, detail: detail(), actions: ['stop', 'recover'] }, now, unknown)],
  ['alert', () => alertMessage(alert())],
  ['alert after a follow-up', () => alertMessage(alert(), { status: EVIL, note: followUpNote(followUp) })],
  ['digest', () => digestMessage([alert(), alert()])],
  ['follow-up', () => followUpMessage(followUp)],
  ['outage', () => outageMessage('default', now, EVIL_PROSE)],
  ['approval request', () => approvalRequestMessage(approval(), evilJob())],
  ['approval outcome', () => approvalOutcomeMessage(approval('executed'), evilJob(), executed)],
  ['action outcomes', () => notice([executed, unknown, refused].join('\n'))],
  ['typed stop confirmation', () => jobActionConfirmMessage({ cluster: 'default', space: EVIL, job: evilJob(), action: 'stop', channelDefaultBy: 'U1' })],
  ['typed stop confirmation of a running job', () => jobActionConfirmMessage({ cluster: 'default', space: EVIL, job: evilRunning(), action: 'stop' })],
  ['stuck alert', () => stuckAlertMessage(stuck('running'))],
  ['stuck alert of a queued job', () => stuckAlertMessage(stuck('queued'))],
  ['stuck alert after a follow-up', () => stuckAlertMessage(stuck('running'), { status: EVIL, note: followUpNote({ ...followUp, stuck: { kind: 'running', forMs: 1 } }) })],
  ['stuck digest', () => stuckDigestMessage([stuck('running'), stuck('queued')])],
  ['finished notice', () => finishedMessage(finished)],
  ['finished digest', () => finishedDigestMessage([finished, finished])],
  ['failed balance alert', () => alertMessage({ ...alert(), balanceBlocked: true, actions: ['stop', 'recover'] })],
  ['typed recover confirmation', () => jobActionConfirmMessage({ cluster: 'default', space: EVIL, job: evilJob(), action: 'recover' })],
  ['error reply', () => errorReply(new JobsError('not-allowed', EVIL_PROSE, EVIL_PROSE), silent)],
];

describe('graphd text never becomes a Slack control sequence', () => {
  it('the checker itself catches what it should', () => {
    expect(problems({ text: EVIL })).not.toEqual([]);
    expect(problems({ text: 'x', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '<!channel>' } }] })).toHaveLength(1);
    expect(problems({ text: '<@U1> at <!date^1^{time}|10:00 UTC> `*b*` &amp;' })).toEqual([]);
  });

  it.each(BUILDERS)('%s', (_name, build) => {
    const message = build();
    expectValidMessage(message);
    expect(problems(message)).toEqual([]);
  });
});
