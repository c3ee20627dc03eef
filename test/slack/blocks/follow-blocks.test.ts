import type { FollowNote } from '../../../src/alerts/notices';
import type { Job, JobDetail } from '../../../src/jobs/job';
import type { JobListing } from '../../../src/jobs/list-jobs';
import { followNoteMessage } from '../../../src/slack/blocks/follow-note';
import { helpMessage } from '../../../src/slack/blocks/help';
import { jobDetailMessage } from '../../../src/slack/blocks/job-detail';
import { jobListMessage } from '../../../src/slack/blocks/job-list';
import { watchMessage } from '../../../src/slack/blocks/job-watch';
import { ActionId } from '../../../src/slack/interactive/action-ids';
import { expectValidMessage, interactiveElements } from '../../support/slack-fake';

const now = new Date('2024-06-10T12:00:00Z');
const longSpace = 'é'.repeat(128);
const running = (id: number): Job => ({ id, command: 'REBUILD_FULLTEXT_INDEX', status: 'RUNNING', startTime: new Date(now.getTime() - 3_600_000), stopTime: null });

function detail(status: string, tasks = 5000): JobDetail {
  return {
    job: { ...running(2147483647), status, stopTime: status === 'RUNNING' ? null : now },
    errorCode: status === 'FAILED' ? 'E_BALANCER_FAILURE' : 'E_JOB_SUBMITTED',
    layout: 'balance',
    tasks: Array.from({ length: tasks }, (_, i) => ({
      taskId: `${i}, 12:${i}`,
      host: `storaged-${'x'.repeat(60)}-${i}:9779->storaged-${i + 1}:9779`,
      status: 'IN_PROGRESS',
      startTime: now,
      stopTime: null,
      errorCode: null,
    })),
    summary: { total: tasks, succeeded: 0, failed: 0, inProgress: tasks, invalid: 0 },
  };
}

describe("the job follower's messages stay within Slack limits", () => {
  it('a watched copy: thousands of tasks, Stop and Unwatch while it runs, no buttons once it ended', () => {
    const watching = watchMessage({ cluster: 'prod', space: longSpace, detail: detail('RUNNING'), actions: ['stop'] }, now, { watcherId: 'U1', until: now, ended: null });
    expectValidMessage(watching);
    expect(interactiveElements(watching).map((e) => e.actionId)).toEqual([ActionId.jobStop, ActionId.jobUnwatch]);
    // Its Stop answers with a new message: the copy stays a watch.
    expect(interactiveElements(watching)[0].value).toMatch(/#c$/);
    for (const ended of [
      { kind: 'ended' as const, status: 'FAILED', durationMs: 3_600_000, errorCode: 'E_BALANCER_FAILURE' },
      { kind: 'gone' as const },
      { kind: 'timed-out' as const, status: 'RUNNING', watchedMs: 7 * 86_400_000 },
      { kind: 'unwatched' as const },
    ]) {
      const message = watchMessage({ cluster: 'prod', space: longSpace, detail: detail('FAILED'), actions: [] }, now, { watcherId: 'U1', until: now, ended });
      expectValidMessage(message);
      expect(interactiveElements(message)).toEqual([]);
    }
  });

  it('follow-through and watch notes, for every outcome', () => {
    const base = { cluster: 'prod', space: longSpace, jobId: 2147483647, command: 'REBUILD_FULLTEXT_INDEX', userId: 'U1', approverId: 'U2', threadTs: '1.2', at: now.getTime() };
    const stops: Array<Extract<FollowNote, { follow: 'stop' }>['event']> = [
      { kind: 'settled', tasks: 3 },
      { kind: 'settled', tasks: 0 },
      { kind: 'cancel-reported' },
      { kind: 'finished' },
      { kind: 'failed', errorCode: 'E_RPC_FAILURE' },
      { kind: 'moved-on', status: 'QUEUE' },
      { kind: 'gone' },
      { kind: 'still-running', afterMs: 300_000, atWork: 5000, total: 5000, hosts: Array.from({ length: 5 }, (_, i) => `storaged-${'y'.repeat(200)}-${i}`), until: now.getTime() },
      { kind: 'gave-up', afterMs: 1_800_000, atWork: 2 },
      { kind: 'gave-up', afterMs: 1_800_000, atWork: null },
    ];
    const texts = stops.map((event) => {
      const message = followNoteMessage({ ...base, follow: 'stop', event });
      expectValidMessage(message);
      return JSON.stringify(message);
    });
    expect(texts[0]).toContain('stopped cleanly: all tasks ended');
    expect(texts[2]).toContain('turned FAILED (storaged reported the cancel');
    expect(texts[7]).toContain('tasks still running after 5 min');
    expect(texts[0]).toContain('stopped by <@U1> (approved by <@U2>)');
    const watch = followNoteMessage({ ...base, approverId: null, follow: 'watch', event: { kind: 'ended', status: 'FINISHED', durationMs: 424_000, errorCode: null } });
    expectValidMessage(watch);
    expect(JSON.stringify(watch)).toContain('<@U1> Job *2147483647*');
    expect(JSON.stringify(watch)).toContain('*FINISHED* after 7m 4s');
    expectValidMessage(followNoteMessage({ ...base, follow: 'watch', event: { kind: 'timed-out', status: null, watchedMs: 1 } }));
  });

  it('a list of running jobs with Watch on each, and its auto-refresh select and notes', () => {
    const jobs = Array.from({ length: 10 }, (_, i) => running(2147483647 - i));
    const listing: JobListing = {
      cluster: 'prod',
      space: longSpace,
      query: { statuses: ['QUEUE', 'RUNNING'], since: '2024-06-01T00:00:00Z', until: '2024-06-10T00:00:00Z', jobId: 2147483647, command: 'X'.repeat(32) },
      page: { items: jobs, index: 3, count: 500, total: 5000 },
      unfiltered: 5000,
      fetchedAt: now,
      actions: new Map(jobs.map((j) => [j.id, ['stop' as const]])),
    };
    const on = jobListMessage(listing, false, now, { banner: 'banner', refresh: { kind: 'on', everyMs: 10_000, until: now, userId: 'U1', redrawsLeft: 3 } });
    expectValidMessage(on);
    expect(interactiveElements(on).filter((e) => e.actionId === ActionId.jobWatch)).toHaveLength(10);
    expect(JSON.stringify(on)).toContain('Auto-refresh every 10s');
    expectValidMessage(jobListMessage(listing, true, now, { refresh: { kind: 'on', everyMs: 300_000, until: now, userId: 'U1', redrawsLeft: null } }));
    const detailMessage = jobDetailMessage({ cluster: 'prod', space: longSpace, detail: detail('RUNNING', 3), actions: ['stop'] }, now);
    expect(interactiveElements(detailMessage).map((e) => e.actionId)).toEqual([ActionId.jobRefresh, ActionId.jobStop, ActionId.jobWatch]);
  });

  it('help lists the new commands', () => {
    const help = helpMessage('/a-very-long-command-name-32chars', false);
    expectValidMessage(help);
    expect(JSON.stringify(help)).toMatch(/watch &lt;job id&gt; \[space\].*unwatch.*watches/);
  });
});
