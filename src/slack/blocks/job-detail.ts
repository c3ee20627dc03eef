import { errorCodeMeaning } from '../../jobs/error-codes';
import type { JobDetail, JobTask, TaskSummary } from '../../jobs/job';
import { defaultQuery } from '../../jobs/job-query';
import type { JobView } from '../../jobs/show-job';
import { spaceLabel } from '../../spaces/space-ref';
import { ActionId } from '../interactive/action-ids';
import { encodeJobRef } from '../interactive/job-ref';
import { watchButtons } from './follow-controls';
import { code, literal, slackDate, statusLabel } from './format';
import { jobActionButtons } from './job-buttons';
import { jobTimes } from './job-list';
import { type Block, bannerBlocks, mrkdwn, plain, type SlackMessage, truncate } from './message';
import { type SpacePicker, withPicker } from './space-picker';
import { stuckHintText } from './stuck-alert';

/** A balance job can have thousands of tasks: show what fits and say how many are left out. */
const TASK_TEXT_BUDGET = 8_000;
const SECTION_LIMIT = 2_900;

export function errorCodeText(errorCode: string | null): string {
  if (!errorCode) return '—';
  const meaning = errorCodeMeaning(errorCode);
  return meaning ? `${code(errorCode)}: ${meaning}` : code(errorCode);
}

function summaryText(summary: TaskSummary | null, taskCount: number): string {
  if (!summary) return `${taskCount} task${taskCount === 1 ? '' : 's'}`;
  const parts = [`*${summary.total}* tasks`, `${summary.succeeded} succeeded`, `${summary.failed} failed`, `${summary.inProgress} in progress`];
  if (summary.invalid !== undefined) parts.push(`${summary.invalid} invalid`);
  return parts.join('  ·  ');
}

function taskLine(task: JobTask, layout: JobDetail['layout']): string {
  const start = task.startTime ? slackDate(task.startTime) : '—';
  const stop = task.stopTime ? slackDate(task.stopTime) : '—';
  const label = `${layout === 'balance' ? 'Part' : 'Task'} ${literal(task.taskId)}`;
  // Only a task's own code (show-job.ts drops codes that are the job's): no "all fine" or "no result yet".
  const errorCode = task.errorCode && task.errorCode !== 'SUCCEEDED' && task.errorCode !== 'E_JOB_SUBMITTED' ? `  ${code(task.errorCode)}` : '';
  return `${statusLabel(task.status)}  ${label}  ·  ${code(task.host)}  ·  ${start} → ${stop}${errorCode}`;
}

/** Task lines packed into as few sections as possible, within the message's text budget. */
function taskBlocks(detail: JobDetail): Block[] {
  if (detail.tasks.length === 0) {
    return [{ type: 'context', elements: [mrkdwn('No tasks: the job has not run on any storaged (or runs inside metad).')] }];
  }
  const blocks: Block[] = [];
  let section = '';
  let used = 0;
  let shown = 0;
  for (const task of detail.tasks) {
    const line = taskLine(task, detail.layout);
    if (used + line.length > TASK_TEXT_BUDGET) break;
    if (section.length + line.length + 1 > SECTION_LIMIT) {
      blocks.push({ type: 'section', text: mrkdwn(section) });
      section = '';
    }
    section = section ? `${section}\n${line}` : line;
    used += line.length + 1;
    shown += 1;
  }
  if (section) blocks.push({ type: 'section', text: mrkdwn(section) });
  if (shown < detail.tasks.length) {
    blocks.push({
      type: 'context',
      elements: [mrkdwn(`Showing the first ${shown} of ${detail.tasks.length} tasks.`)],
    });
  }
  return blocks;
}

/**
 * One job and its tasks, as `SHOW JOB <id>` reports them, with refresh, stop and recover;
 * `picker`, when given, opens the list of another cluster's or space's jobs.
 */
export function jobDetailMessage(view: JobView, now: Date, banner?: string, picker?: SpacePicker): SlackMessage {
  const { detail } = view;
  const space = spaceLabel(view);
  const { job } = detail;
  const ref = encodeJobRef({ cluster: view.cluster, space: view.space, jobId: job.id });
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(`Job ${job.id} · ${job.command}`, 150) } },
    ...bannerBlocks(banner),
    {
      type: 'section',
      fields: [
        // A field holds 2,000 characters; a space name may have 4,096 bytes.
        mrkdwn(`*Space*\n${code(space)}`, 2000),
        mrkdwn(`*Status*\n${statusLabel(job.status)}`),
        mrkdwn(`*Started*\n${job.startTime ? slackDate(job.startTime) : '—'}`),
        mrkdwn(`*Stopped*\n${job.stopTime && job.status !== 'RUNNING' && job.status !== 'QUEUE' ? slackDate(job.stopTime) : '—'}`),
        mrkdwn(`*Error code*\n${errorCodeText(detail.errorCode)}`),
      ],
    },
    // How long it has run, and the list's hint where the stuck rule flags it.
    { type: 'context', elements: [mrkdwn(`${jobTimes(job, now)}${view.stuck ? ` · ${stuckHintText(view.stuck)}` : ''}  ·  ${summaryText(detail.summary, detail.tasks.length)}`)] },
    { type: 'divider' },
    ...taskBlocks(detail),
    {
      type: 'actions',
      elements: [
        { type: 'button', action_id: ActionId.jobRefresh, text: plain('Refresh'), value: ref },
        ...jobActionButtons(view, job, view.actions, { kind: 'detail' }),
        ...watchButtons(view, job),
      ],
    },
    { type: 'context', elements: [mrkdwn(`Updated ${slackDate(now, '{time_secs}')}`)] },
  ];
  return {
    response_type: 'ephemeral',
    text: `Job ${job.id} ${literal(job.command)} in ${literal(space)}: ${literal(job.status)}`,
    // A pick opens the chosen space's list, from its default filters.
    blocks: withPicker(blocks, 1 + bannerBlocks(banner).length, picker, { cluster: view.cluster, space: view.space, query: defaultQuery(), page: 0, share: false }),
  };
}
