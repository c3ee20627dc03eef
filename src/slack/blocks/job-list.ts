import type { types } from '@slack/bolt';
import type { RefreshLook } from '../../alerts/follow-display';
import { JOB_STATUSES, type Job, jobDurationMs } from '../../jobs/job';
import { type JobQuery, QUICK_RANGES, relativeRangeMs } from '../../jobs/job-query';
import type { JobListing } from '../../jobs/list-jobs';
import type { JobAction } from '../../jobs/rules';
import type { StuckHint } from '../../jobs/stuck-rule';
import { spaceLabel } from '../../spaces/space-ref';
import { ActionId, LIST_FILTERS_BLOCK } from '../interactive/action-ids';
import { encodeJobRef } from '../interactive/job-ref';
import { encodeListView, type ListView } from '../interactive/list-view';
import { autoRefreshBlocks, autoRefreshSelect, watchButtons } from './follow-controls';
import { code, duration, escapeText, literal, slackDate, statusLabel, utcText } from './format';
import { jobActionButtons } from './job-buttons';
import { type Block, bannerBlocks, mrkdwn, plain, type SlackMessage, truncate } from './message';
import { type SpacePicker, withPicker } from './space-picker';
import { stuckHintText } from './stuck-alert';

const RANGE_LABELS: Record<string, string> = { '12h': 'Last 12 hours', '1d': 'Last day', '3d': 'Last 3 days', '7d': 'Last 7 days' };

function rangeText(query: JobQuery): string {
  const since = RANGE_LABELS[query.since] ?? (relativeRangeMs(query.since) !== null ? `last ${query.since}` : `since ${query.since}`);
  return query.until ? `${since} until ${query.until}` : since;
}

function filtersText(listing: JobListing): string {
  const { query } = listing;
  const parts = [`*Status:* ${query.statuses.length ? query.statuses.join(', ') : 'all'}`, `*Time:* ${escapeText(rangeText(query))}`];
  if (query.jobId !== undefined) parts.push(`*Job id:* ${query.jobId}`);
  if (query.command) parts.push(`*Command contains:* ${code(query.command)}`);
  parts.push(`${listing.page.total} of ${listing.unfiltered} jobs match`);
  return parts.join('  ·  ');
}

/** The second line of a job entry: when it started, and how it ended or how long it has run. */
export function jobTimes(job: Job, now: Date): string {
  const ran = jobDurationMs(job, now);
  if (job.status === 'QUEUE') return job.startTime ? 'queued again (recovered)' : 'queued, not started';
  const started = job.startTime ? `started ${slackDate(job.startTime)}` : 'not started';
  if (job.status === 'RUNNING') return `${started} · running for ${duration(ran ?? 0)}`;
  const stopped = job.stopTime ? ` · stopped ${slackDate(job.stopTime)}` : '';
  return `${started}${stopped}${ran !== null ? ` · took ${duration(ran)}` : ''}`;
}

function jobEntry(view: ListView, job: Job, actions: readonly JobAction[], now: Date, stuck?: StuckHint): Block[] {
  const hint = stuck ? ` · ${stuckHintText(stuck)}` : '';
  const entry: Block = {
    type: 'section',
    text: mrkdwn(`*${job.id}*  ${code(job.command)}  ${statusLabel(job.status)}\n${jobTimes(job, now)}${hint}`),
    accessory: {
      type: 'button',
      action_id: ActionId.jobDetails,
      text: plain('Details'),
      value: encodeJobRef({ cluster: view.cluster, space: view.space, jobId: job.id }),
    },
  };
  const buttons = [...jobActionButtons(view, job, actions, { kind: 'list', view }), ...watchButtons(view, job)];
  if (buttons.length === 0) return [entry];
  return [entry, { type: 'actions', elements: buttons }];
}

function option(text: string, value: string): types.PlainTextOption {
  return { text: plain(text), value };
}

/** A select showing the current choice; a current value that is no quick pick is added as its own option. */
function select(actionId: string, placeholder: string, options: types.PlainTextOption[], current: types.PlainTextOption): types.StaticSelect {
  const all = options.some((o) => o.value === current.value) ? options : [...options, current];
  return {
    type: 'static_select',
    action_id: actionId,
    placeholder: plain(placeholder),
    options: all,
    initial_option: all.find((o) => o.value === current.value),
  };
}

function statusSelect(query: JobQuery): types.StaticSelect {
  const options = [option('All statuses', 'ALL'), ...JOB_STATUSES.map((status) => option(status, status)), option('FAILED + STOPPED', 'FAILED,STOPPED')];
  const current = query.statuses.length ? option(truncate(query.statuses.join(' + '), 75), query.statuses.join(',')) : option('All statuses', 'ALL');
  return select(ActionId.listStatus, 'Status', options, current);
}

function rangeSelect(query: JobQuery): types.StaticSelect {
  const options = QUICK_RANGES.map((range) => option(RANGE_LABELS[range], range));
  const current = query.until || !RANGE_LABELS[query.since] ? option(truncate(`Custom: ${rangeText(query)}`, 75), 'custom') : option(RANGE_LABELS[query.since], query.since);
  return select(ActionId.listRange, 'Time range', options, current);
}

function pagingBlocks(view: ListView, listing: JobListing): Block[] {
  const { index, count } = listing.page;
  const buttons: types.Button[] = [];
  if (index > 0) {
    buttons.push({ type: 'button', action_id: ActionId.listPrevious, text: plain('◀ Previous'), value: encodeListView({ ...view, page: index - 1 }) });
  }
  if (index < count - 1) {
    buttons.push({ type: 'button', action_id: ActionId.listNext, text: plain('Next ▶'), value: encodeListView({ ...view, page: index + 1 }) });
  }
  const blocks: Block[] = [{ type: 'context', elements: [mrkdwn(`Page ${index + 1} of ${count}  ·  updated ${slackDate(listing.fetchedAt, '{time_secs}')}`)] }];
  if (buttons.length) blocks.push({ type: 'actions', elements: buttons });
  return blocks;
}

/**
 * The job list: a page of jobs with filters, paging and a refresh, re-rendered in place on
 * clicks. `banner` tells what just happened (e.g. who stopped a job); `picker`, when given,
 * offers other clusters and spaces (the same filters, from page 1).
 */
export interface ListExtras {
  /** What just happened (e.g. who stopped a job), on top. */
  banner?: string;
  /** The message's auto-refresh, while it runs. */
  refresh?: RefreshLook;
  /** The cluster and space menus, for the reader it is drawn for. */
  picker?: SpacePicker;
}

export function jobListMessage(listing: JobListing, share: boolean, now: Date, extras: ListExtras = {}): SlackMessage {
  const { banner, refresh, picker } = extras;
  const view: ListView = { cluster: listing.cluster, space: listing.space, query: listing.query, page: listing.page.index, share };
  const viewValue = encodeListView(view);
  const entries = listing.page.items.flatMap((job) => jobEntry(view, job, listing.actions.get(job.id) ?? [], now, listing.stuck?.get(job.id)));
  const empty: Block = {
    type: 'section',
    text: mrkdwn(
      listing.unfiltered === 0
        ? 'This space has no jobs in the last 7 days (graphd forgets jobs after `job_expired_secs`).'
        : 'No job matches these filters. Try *All statuses* or a longer time range.',
    ),
  };
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(`Jobs in ${spaceLabel(listing)}`, 150) } },
    ...bannerBlocks(banner),
    { type: 'context', elements: [mrkdwn(filtersText(listing))] },
    {
      type: 'actions',
      block_id: `${LIST_FILTERS_BLOCK}${viewValue}`,
      elements: [
        statusSelect(listing.query),
        rangeSelect(listing.query),
        { type: 'button', action_id: ActionId.listRefresh, text: plain('Refresh'), value: viewValue },
        autoRefreshSelect(refresh),
      ],
    },
    { type: 'divider' },
    ...(entries.length ? entries : [empty]),
    ...pagingBlocks(view, listing),
    ...autoRefreshBlocks(refresh),
  ];
  const first = listing.page.items[0];
  return {
    response_type: share ? 'in_channel' : 'ephemeral',
    text: `Jobs in ${literal(spaceLabel(listing))}: ${listing.page.total} match${first ? `, newest ${first.id} ${literal(first.command)} ${literal(first.status)}` : ''} (${utcText(listing.fetchedAt)})`,
    // After the header and banner; in whatever text the rest leaves of the message's budget.
    blocks: withPicker(blocks, 1 + bannerBlocks(banner).length, picker, { ...view, page: 0 }),
  };
}
