import type { Approval } from '../../../src/access/approvals';
import type { JobAlert } from '../../../src/alerts/notices';
import type { Job, JobDetail } from '../../../src/jobs/job';
import type { JobListing } from '../../../src/jobs/list-jobs';
import type { JobAction } from '../../../src/jobs/rules';
import { alertMessage, digestMessage, followUpMessage, followUpNote, outageMessage, reachableMessage } from '../../../src/slack/blocks/alert';
import { approvalOutcomeMessage, approvalRequestMessage } from '../../../src/slack/blocks/approval';
import { helpMessage } from '../../../src/slack/blocks/help';
import { jobDetailMessage } from '../../../src/slack/blocks/job-detail';
import { jobListMessage } from '../../../src/slack/blocks/job-list';
import { ActionId } from '../../../src/slack/interactive/action-ids';
import { spaceKey } from '../../../src/slack/interactive/space-key';
import { expectValidMessage } from '../../support/slack-fake';

const now = new Date('2024-06-10T12:00:00Z');
const longSpace = 'é'.repeat(128);
const job = (id: number, status = 'FAILED', command = 'REBUILD_FULLTEXT_INDEX'): Job => ({
  id,
  command,
  status,
  startTime: new Date(now.getTime() - 3_600_000),
  stopTime: status === 'RUNNING' || status === 'QUEUE' ? null : now,
});

function listing(jobs: Job[], page: number, actions: JobAction[]): JobListing {
  const size = 10;
  return {
    cluster: 'default',
    space: longSpace,
    query: { statuses: ['QUEUE', 'RUNNING', 'FAILED'], since: '2024-06-01T00:00:00Z', until: '2024-06-10T00:00:00Z', jobId: 2147483647, command: 'X'.repeat(32) },
    page: { items: jobs.slice(page * size, page * size + size), index: page, count: Math.ceil(jobs.length / size), total: jobs.length },
    unfiltered: jobs.length,
    fetchedAt: now,
    actions: new Map(jobs.map((j) => [j.id, actions])),
  };
}

describe('Block Kit builders stay within Slack limits at any size', () => {
  it('job list: thousands of jobs, every page, both actions on every entry, long names', () => {
    const jobs = Array.from({ length: 5000 }, (_, i) => job(2147483647 - i));
    for (const page of [0, 1, 250, 499]) {
      const message = jobListMessage(listing(jobs, page, ['stop', 'recover']), true, now, { banner: `:octagonal_sign: <@U1> stopped job 1; it is now *STOPPED*.` });
      expectValidMessage(message);
    }
    expectValidMessage(jobListMessage(listing([], 0, []), false, now));
  });

  it("pickers: many clusters and 4,096-byte names (hashed keys) fit the message's text, saying how many more there are", () => {
    const names = Array.from({ length: 150 }, (_, i) => `${'ü'.repeat(2040)}${String(i).padStart(16, '0')}`);
    const picker = { clusters: Array.from({ length: 12 }, (_, i) => `cluster-${'x'.repeat(20)}-${i}`), spaces: names.slice(0, 100), more: 50 };
    const selectOf = (
      message: { blocks?: unknown[] },
      actionId: string,
    ): { options: Array<{ value: string; text: { text: string } }>; initial_option?: { value: string } } | undefined =>
      (message.blocks ?? []).flatMap((b) => ((b as { elements?: unknown[] }).elements ?? []) as Array<Record<string, unknown>>).find((e) => e.action_id === actionId) as never;
    const jobs = Array.from({ length: 50 }, (_, i) => job(2147483647 - i));
    let drawn = 0;
    for (const [actions, space] of [
      [[], names[7]],
      [['stop', 'recover'], names[7]],
      [[], 'nba'],
    ] as const) {
      const list = jobListMessage({ ...listing(jobs, 0, [...actions]), cluster: picker.clusters[3], space }, true, now, {
        banner: 'banner',
        picker: { ...picker, spaces: space === 'nba' ? ['nba', ...names.slice(0, 99)] : picker.spaces },
      });
      expectValidMessage(list);
      const spaces = selectOf(list, ActionId.pickSpace);
      if (!spaces) continue; // the rest of this message left no room: no picker rather than a refused message
      drawn += 1;
      expect(spaces.options.length).toBeLessThanOrEqual(100);
      expect(new Set(spaces.options.map((o) => o.value)).size).toBe(spaces.options.length);
      for (const o of spaces.options) expect(o.value.length).toBeLessThanOrEqual(75);
      expect(spaces.initial_option?.value).toBe(spaceKey(space));
      expect(JSON.stringify(list)).toMatch(new RegExp(`The space menu shows ${spaces.options.length} of the 150 spaces`));
      // Long names are cut in the middle, so names sharing a long prefix stay apart.
      expect(new Set(spaces.options.map((o) => o.text.text)).size).toBe(spaces.options.length);
    }
    expect(drawn).toBeGreaterThanOrEqual(2);
    // A list with room: every short name offered, up to 100.
    const short = Array.from({ length: 120 }, (_, i) => `space_${i}`);
    const roomy = jobListMessage({ ...listing(jobs.slice(0, 3), 0, []), space: 'space_5' }, false, now, {
      picker: { clusters: ['a', 'b'], spaces: short.slice(0, 100), more: 20 },
    });
    expectValidMessage(roomy);
    expect(selectOf(roomy, ActionId.pickSpace)?.options).toHaveLength(100);
    expect(selectOf(roomy, ActionId.pickCluster)?.options.map((o) => o.value)).toEqual(['a', 'b']);
    const tasks = Array.from({ length: 3000 }, (_, i) => ({
      taskId: String(i),
      host: `storaged-${i}.example.internal:9779`,
      status: 'FAILED',
      startTime: now,
      stopTime: now,
      errorCode: 'E_RPC_FAILURE',
    }));
    const detail: JobDetail = { job: job(7), errorCode: 'E_RPC_FAILURE', layout: 'storage', tasks, summary: null };
    const detailMessage = jobDetailMessage({ cluster: 'a', space: 'space_5', detail, actions: ['recover'] }, now, 'banner', {
      clusters: ['a', 'b'],
      spaces: short.slice(0, 100),
      more: 20,
    });
    expectValidMessage(detailMessage);
    expect(selectOf(detailMessage, ActionId.pickSpace)?.options.length).toBeGreaterThan(1);
    // One cluster and one space: nothing to pick, no picker row.
    expect(JSON.stringify(jobListMessage(listing(jobs, 0, []), false, now, { picker: { clusters: ['default'], spaces: [longSpace], more: 0 } }))).not.toContain('jobs.pick');
  });

  it('job detail: thousands of tasks, long hosts', () => {
    const tasks = Array.from({ length: 5000 }, (_, i) => ({
      taskId: `${i}, 12:${i}`,
      host: `storaged-with-a-very-long-host-name-${i}.example.internal:9779->storaged-${i + 1}.example.internal:9779`,
      status: 'FAILED',
      startTime: now,
      stopTime: now,
      errorCode: 'E_BALANCER_FAILURE',
    }));
    const detail: JobDetail = {
      job: job(7, 'FAILED', 'DATA_BALANCE'),
      errorCode: 'E_BALANCER_FAILURE',
      layout: 'balance',
      tasks,
      summary: { total: 5000, succeeded: 0, failed: 5000, inProgress: 0, invalid: 0 },
    };
    const message = jobDetailMessage({ cluster: 'default', space: longSpace, detail, actions: ['stop', 'recover'] }, now, 'banner');
    expectValidMessage(message);
    expect(JSON.stringify(message)).toContain('of 5000 tasks');
  });

  const alert = (id: number): JobAlert => ({
    cluster: 'default',
    space: longSpace,
    job: { id, command: 'REBUILD_FULLTEXT_INDEX', status: 'FAILED', startTime: now.getTime() - 60_000, stopTime: now.getTime() },
    previousStatus: 'RUNNING',
    errorCode: 'E_TASK_EXECUTION_FAILED',
    failedTasks: Array.from({ length: 10 }, (_, i) => ({ taskId: String(i), host: `storaged-${'x'.repeat(200)}-${i}`, status: 'FAILED', errorCode: 'E_TASK_EXECUTION_FAILED' })),
    moreFailedTasks: 990,
    stoppedBy: 'U1',
    actions: ['recover'],
    detectedAt: now.getTime(),
  });

  it('alerts, digests, follow-ups and outage notices', () => {
    expectValidMessage(alertMessage(alert(1)));
    expectValidMessage(alertMessage(alert(1), { status: 'QUEUE', note: 'Now *QUEUE*: recovered by <@U2>.' }));
    expectValidMessage(digestMessage(Array.from({ length: 1000 }, (_, i) => alert(i + 1))));
    expectValidMessage(followUpMessage({ cluster: 'default', space: longSpace, jobId: 1, from: 'FAILED', to: 'QUEUE', at: now.getTime(), actorId: 'U2' }));
    expectValidMessage(outageMessage('prod', now, 'x'.repeat(5000)));
    expectValidMessage(reachableMessage('prod', now, now));
  });

  it("tells a stop's cancel report in the thread and keeps Recover on the STOPPED alert", () => {
    const cancel = { cluster: 'default', space: 'nba', jobId: 1, from: 'STOPPED', to: 'FAILED', at: now.getTime(), actorId: 'U2', cancelReported: true };
    const followUp = followUpMessage(cancel);
    expectValidMessage(followUp);
    expect(JSON.stringify(followUp)).toContain('STOPPED → Now *FAILED*: stopped by <@U2>; storaged then reported the cancel as FAILED (`E_USER_CANCEL`');
    expect(followUpNote({ ...cancel, cancelReported: undefined })).toContain('a new alert was posted');
    const stopped: JobAlert = { ...alert(1), job: { ...alert(1).job, status: 'STOPPED' } };
    const redrawn = alertMessage(stopped, { status: 'FAILED', note: followUpNote(cancel) });
    expectValidMessage(redrawn);
    expect(JSON.stringify(redrawn)).toContain('storaged then reported the cancel');
    expect(JSON.stringify(redrawn)).toContain(ActionId.jobRecover);
    // Once recovered, the alert offers Recover no more.
    expect(JSON.stringify(alertMessage(stopped, { status: 'QUEUE', note: 'Now *QUEUE*' }))).not.toContain(ActionId.jobRecover);
  });

  it('approval requests and outcomes', () => {
    const approval: Approval = {
      id: '6f1c0c52-0f7e-4d6b-9a55-1b8b8c6f2c11',
      action: 'stop',
      cluster: 'default',
      space: longSpace,
      jobId: 2147483647,
      requesterId: 'U1',
      requestedIn: 'C1',
      requesterResponseUrl: null,
      requesterContext: null,
      status: 'pending',
      createdAt: now,
      expiresAt: now,
      decidedBy: null,
      decidedAt: null,
      detail: null,
      message: null,
    };
    expectValidMessage(approvalRequestMessage(approval, job(2147483647)));
    expectValidMessage(approvalOutcomeMessage({ ...approval, status: 'executed', decidedBy: 'U2' }, null, 'x'.repeat(4000)));
  });

  it('help, with and without a policy', () => {
    expectValidMessage(helpMessage('/nebula-jobs', true));
    expectValidMessage(helpMessage('/a-very-long-command-name-32chars', false));
  });

  it('help names every command, the cluster/space form and a cluster default', () => {
    const text = JSON.stringify(helpMessage('/nebula-jobs', true).blocks);
    const commands = [
      'list',
      'show',
      'spaces',
      'clusters',
      'use',
      'stop',
      'recover',
      'whoami',
      'audit',
      'subscribe',
      'unsubscribe',
      'subscriptions',
      'mute',
      'unmute',
      'watch',
      'unwatch',
      'watches',
    ];
    for (const command of commands) expect([command, text.includes(`/nebula-jobs ${command}`)]).toEqual([command, true]);
    expect(text).toContain('prod/nba');
    expect(text).toContain('`prod/`');
  });
});
