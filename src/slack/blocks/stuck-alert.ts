import { alertOffer, type FinishedNotice, jobOfAlert, type StuckAlert } from '../../alerts/notices';
import type { LimitBasis, StuckHint, Usual } from '../../jobs/stuck-rule';
import { spaceLabel } from '../../spaces/space-ref';
import { code, duration, literal, slackDate, statusEmoji, statusLabel } from './format';
import { DIGEST_ENTRIES, detailsButton, jobActionButtons, stopCaveatText } from './job-buttons';
import { type Block, mrkdwn, type SlackMessage, truncate, truncateMrkdwn } from './message';

const FINISHED_LINES = 30;

/** `40m–1h 10m`, or one figure when they agree. */
function usualRange(usual: Usual): string {
  return usual.lowMs === usual.highMs ? duration(usual.highMs) : `${duration(usual.lowMs)}–${duration(usual.highMs)}`;
}

/** `40m–1h 10m (last 12 runs)` */
function usualText(usual: Usual): string {
  return `${usualRange(usual)} (last ${usual.runs} run${usual.runs === 1 ? '' : 's'})`;
}

/** `COMPACT here usually takes 40m–1h 10m (last 12 runs)`, or that there is no such run yet. */
function usualSentence(command: string, usual: Usual | null): string {
  return usual ? `${code(command)} here usually takes ${usualText(usual)}` : `no finished ${code(command)} run seen in this space yet`;
}

function limitText(limitMs: number, basis: LimitBasis, command: string): string {
  switch (basis) {
    case 'history':
      return `${duration(limitMs)} (3× the 90th percentile of recent runs, at least 30m)`;
    case 'setting':
      return `${duration(limitMs)} (STUCK_AFTER for ${code(command)})`;
    case 'default':
      return `${duration(limitMs)} (STUCK_AFTER ${code('*')}: too few runs here to learn from)`;
  }
}

function headerText(alert: StuckAlert): string {
  const what = alert.reason === 'running' ? `running for ${duration(alert.forMs)}` : `queued for ${duration(alert.forMs)}`;
  return truncate(`⏳ Job ${alert.job.id} ${alert.job.command} ${what} in ${spaceLabel(alert)}`, 150);
}

function runningBlocks(alert: StuckAlert): Block[] {
  const job = jobOfAlert(alert);
  const blocks: Block[] = [
    { type: 'section', text: mrkdwn(`*Running for ${duration(alert.forMs)}*; ${usualSentence(job.command, alert.usual)}.`) },
    {
      type: 'section',
      fields: [
        mrkdwn(`*Command*\n${code(job.command)}`),
        mrkdwn(`*Status*\n${statusLabel(job.status)}`),
        mrkdwn(`*Started*\n${job.startTime ? slackDate(job.startTime) : '—'}`),
        mrkdwn(`*Stuck after*\n${limitText(alert.limitMs, alert.basis, job.command)}`),
      ],
    },
  ];
  if (alert.waiting.length > 0) {
    const names = alert.waiting.map((w) => `*${w.id}* ${code(w.command)}`).join(', ');
    const more = alert.moreWaiting > 0 ? ` …and ${alert.moreWaiting} more` : '';
    blocks.push({ type: 'section', text: mrkdwn(truncateMrkdwn(`*Waiting behind it* (one job runs at a time in a space): ${names}${more}`, 3000)) });
  }
  return blocks;
}

function queuedBlocks(alert: StuckAlert): Block[] {
  const job = jobOfAlert(alert);
  const blocker = alert.blockedBy;
  const usual = alert.usual ? `, where it usually takes ${usualRange(alert.usual)}` : '';
  const behind = blocker
    ? `behind job *${blocker.id}* ${code(blocker.command)}, running for ${duration(blocker.forMs)}${usual}. One job runs at a time in a space: this one starts only when job ${blocker.id} ends.`
    : 'behind a job that is not moving.';
  return [
    { type: 'section', text: mrkdwn(`*Queued for ${duration(alert.forMs)}* ${behind}`) },
    {
      type: 'section',
      fields: [
        mrkdwn(`*Command*\n${code(job.command)}`),
        mrkdwn(`*Status*\n${statusLabel(job.status)}`),
        mrkdwn(`*Queued since*\n${slackDate(new Date(alert.detectedAt - alert.forMs))}`),
        mrkdwn(`*Blocked by*\n${blocker ? `job ${blocker.id}` : '—'}`),
      ],
    },
  ];
}

/**
 * The alert for a job running longer than expected, or waiting behind one. `now` is the job's
 * latest status once follow-ups arrive; the buttons are those `alertOffer` leaves for it.
 */
export function stuckAlertMessage(alert: StuckAlert, now?: { status: string; note: string }): SlackMessage {
  const job = jobOfAlert(alert);
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: headerText(alert), emoji: true } },
    ...(alert.reason === 'running' ? runningBlocks(alert) : queuedBlocks(alert)),
  ];
  const caveat = stopCaveatText(job);
  const offer = alertOffer(alert, now?.status);
  if (caveat && offer.actions.includes('stop')) blocks.push({ type: 'context', elements: [mrkdwn(caveat)] });
  if (now) blocks.push({ type: 'context', elements: [mrkdwn(`${statusEmoji(now.status)} ${now.note}`)] });
  blocks.push({ type: 'actions', elements: [detailsButton(alert), ...jobActionButtons(alert, job, offer.actions, { kind: 'alert' })] });
  blocks.push({ type: 'context', elements: [mrkdwn(`Space ${code(spaceLabel(alert))} · detected ${slackDate(new Date(alert.detectedAt))}`)] });
  const usual = alert.usual ? `; ${literal(job.command)} here usually takes ${usualText(alert.usual)}` : '';
  const text =
    alert.reason === 'running'
      ? `Job ${job.id} (${literal(job.command)}) in ${literal(spaceLabel(alert))} has been running for ${duration(alert.forMs)}${usual}`
      : `Job ${job.id} (${literal(job.command)}) in ${literal(spaceLabel(alert))} has been queued for ${duration(alert.forMs)} behind job ${alert.blockedBy?.id ?? '?'}`;
  return { text, blocks };
}

function digestLine(alert: StuckAlert): string {
  if (alert.reason === 'queued') return `⏳ *${alert.job.id}*  ${code(alert.job.command)}  queued for ${duration(alert.forMs)} behind job ${alert.blockedBy?.id ?? '?'}`;
  const usual = alert.usual ? ` (usually ${usualRange(alert.usual)})` : '';
  return `⏳ *${alert.job.id}*  ${code(alert.job.command)}  running for ${duration(alert.forMs)}${usual}`;
}

/** Many stuck jobs for one channel in one poll: one message listing them, each with Details. */
export function stuckDigestMessage(alerts: StuckAlert[]): SlackMessage {
  const space = alerts[0] ? spaceLabel(alerts[0]) : '';
  const entries: Block[] = alerts.slice(0, DIGEST_ENTRIES).map((alert) => ({ type: 'section', text: mrkdwn(digestLine(alert)), accessory: detailsButton(alert) }));
  const more = alerts.length - entries.length;
  return {
    text: `${alerts.length} jobs in ${literal(space)} look stuck`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: truncate(`⏳ ${alerts.length} jobs look stuck in ${space}`, 150), emoji: true } },
      { type: 'context', elements: [mrkdwn(`One message instead of ${alerts.length}: running longer than expected, or queued behind such a job. Follow-ups are threaded here.`)] },
      ...entries,
      ...(more > 0 ? [{ type: 'context' as const, elements: [mrkdwn(`…and ${more} more. ${code(`list ${space} status=running,queue`)} shows them all.`)] }] : []),
    ],
  };
}

function tookText(notice: FinishedNotice): string {
  if (notice.tookMs === null) return '';
  return ` · took ${duration(notice.tookMs)}${notice.usual ? ` (usually ${usualRange(notice.usual)})` : ''}`;
}

/** A short notice, not an alert: a job finished (for channels that asked for every end). */
export function finishedMessage(notice: FinishedNotice): SlackMessage {
  const line = `${statusEmoji('FINISHED')} Job *${notice.job.id}* ${code(notice.job.command)} finished in ${code(spaceLabel(notice))}${tookText(notice)}`;
  return {
    text: `Job ${notice.job.id} (${literal(notice.job.command)}) in ${literal(spaceLabel(notice))} finished`,
    blocks: [{ type: 'section', text: mrkdwn(line), accessory: detailsButton(notice) }],
  };
}

/** Many jobs finished for one channel in one poll: one short message listing them. */
export function finishedDigestMessage(notices: FinishedNotice[]): SlackMessage {
  const space = notices[0] ? spaceLabel(notices[0]) : '';
  const lines = notices.slice(0, FINISHED_LINES).map((n) => `• *${n.job.id}* ${code(n.job.command)}${tookText(n).replace(/^ · /, ' ')}`);
  const more = notices.length - lines.length;
  if (more > 0) lines.push(`…and ${more} more: ${code(`list ${space} status=finished`)}`);
  return {
    text: `${notices.length} jobs in ${literal(space)} finished`,
    blocks: [{ type: 'section', text: mrkdwn(truncateMrkdwn(`${statusEmoji('FINISHED')} *${notices.length} jobs finished* in ${code(space)}\n${lines.join('\n')}`, 3000)) }],
  };
}

/** The hint on a job's line in a list: `⏳ longer than usual (usually 40m–1h 10m)`. */
export function stuckHintText(hint: StuckHint): string {
  if (hint.kind === 'queued') return `⏳ waits behind job ${hint.behind}, which looks stuck`;
  return hint.usual ? `⏳ longer than usual (usually ${usualRange(hint.usual)})` : `⏳ past its ${duration(hint.limitMs)} limit`;
}
