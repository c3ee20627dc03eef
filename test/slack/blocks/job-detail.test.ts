import type { Job, JobDetail } from '../../../src/jobs/job';
import type { StuckHint } from '../../../src/jobs/stuck-rule';
import { jobDetailMessage } from '../../../src/slack/blocks/job-detail';
import { jobListMessage } from '../../../src/slack/blocks/job-list';
import { stuckHintText } from '../../../src/slack/blocks/stuck-alert';
import { expectValidMessage } from '../../support/slack-fake';

const MIN = 60_000;
const now = new Date('2024-06-10T12:00:00Z');
const running: Job = { id: 42, command: 'COMPACT', status: 'RUNNING', startTime: new Date(now.getTime() - 240 * MIN), stopTime: null };
const detailOf = (job: Job): JobDetail => ({ job, errorCode: null, layout: 'storage', tasks: [], summary: null });
const hint: StuckHint = { kind: 'running', forMs: 240 * MIN, limitMs: 210 * MIN, basis: 'history', usual: { lowMs: 40 * MIN, highMs: 70 * MIN, runs: 5 } };

describe('job detail', () => {
  it("shows the list's stuck hint, after how long the job has run", () => {
    const message = jobDetailMessage({ cluster: 'default', space: 'nba', detail: detailOf(running), actions: ['stop'], stuck: hint }, now);
    expectValidMessage(message);
    const text = JSON.stringify(message.blocks);
    expect(text).toContain('running for 4h · ⏳ longer than usual (usually 40m–1h 10m)');
    // The list's words, from the same builder.
    const list = jobListMessage(
      {
        cluster: 'default',
        space: 'nba',
        query: { statuses: [], since: '7d' },
        page: { items: [running], index: 0, count: 1, total: 1 },
        unfiltered: 1,
        fetchedAt: now,
        actions: new Map([[42, ['stop']]]),
        stuck: new Map([[42, hint]]),
      },
      false,
      now,
    );
    expect(JSON.stringify(list.blocks)).toContain(`running for 4h · ${stuckHintText(hint)}`);

    const queued: Job = { id: 43, command: 'STATS', status: 'QUEUE', startTime: null, stopTime: null };
    const behind = jobDetailMessage({ cluster: 'default', space: 'nba', detail: detailOf(queued), actions: ['stop'], stuck: { kind: 'queued', behind: 42 } }, now);
    expect(JSON.stringify(behind.blocks)).toContain('queued, not started · ⏳ waits behind job 42, which looks stuck');
  });

  it('shows no hint for a job the rule does not flag', () => {
    const message = jobDetailMessage({ cluster: 'default', space: 'nba', detail: detailOf(running), actions: ['stop'] }, now);
    expect(JSON.stringify(message.blocks)).not.toContain('⏳');
  });
});
