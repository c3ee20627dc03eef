import { alertOffer, type FollowUp, type JobAlert, jobOfAlert } from '../../alerts/notices';
import { DEFAULT_CLUSTER, spaceLabel } from '../../spaces/space-ref';
import { code, duration, escapeText, literal, slackDate, statusEmoji, statusLabel, utcText } from './format';
import { DIGEST_ENTRIES, detailsButton, jobActionButtons } from './job-buttons';
import { errorCodeText } from './job-detail';
import { type Block, mrkdwn, type SlackMessage, truncate, truncateMrkdwn } from './message';

function failedTasksText(alert: JobAlert): string | null {
  if (alert.failedTasks.length === 0) return null;
  const lines = alert.failedTasks.map((task) => `• Task ${literal(task.taskId)} on ${code(task.host)}: ${literal(task.status)}${task.errorCode ? ` ${code(task.errorCode)}` : ''}`);
  if (alert.moreFailedTasks > 0) lines.push(`…and ${alert.moreFailedTasks} more failed tasks`);
  return truncateMrkdwn(`*Failed tasks*\n${lines.join('\n')}`, 3000);
}

/**
 * The alert for a job that turned FAILED or STOPPED. `now` is the job's latest known status
 * once follow-ups arrive; the buttons are those `alertOffer` leaves for it.
 */
export function alertMessage(alert: JobAlert, now?: { status: string; note: string }): SlackMessage {
  const job = jobOfAlert(alert);
  const ran = job.startTime && job.stopTime ? duration(job.stopTime.getTime() - job.startTime.getTime()) : '—';
  const blocks: Block[] = [
    {
      type: 'header',
      text: { type: 'plain_text', text: truncate(`${job.status === 'FAILED' ? '🔴' : '🛑'} Job ${job.id} ${job.status} in ${spaceLabel(alert)}`, 150), emoji: true },
    },
    {
      type: 'section',
      fields: [
        mrkdwn(`*Command*\n${code(job.command)}`),
        mrkdwn(`*Status*\n${statusLabel(job.status)}${alert.previousStatus ? ` (was ${literal(alert.previousStatus)})` : ' (first seen)'}`),
        mrkdwn(`*Started*\n${job.startTime ? slackDate(job.startTime) : '—'}`),
        mrkdwn(`*Stopped*\n${job.stopTime ? slackDate(job.stopTime) : '—'}`),
        mrkdwn(`*Ran for*\n${ran}`),
        mrkdwn(`*Error code*\n${errorCodeText(alert.errorCode)}`),
      ],
    },
  ];
  const tasks = failedTasksText(alert);
  if (tasks) blocks.push({ type: 'section', text: mrkdwn(tasks) });
  // What survives a follow-up is the domain's call; this only draws it.
  const offer = alertOffer(alert, now?.status);
  if (offer.balanceBlocked) blocks.push({ type: 'section', text: mrkdwn(balanceBlockedText(alert)) });
  if (alert.stoppedBy) blocks.push({ type: 'context', elements: [mrkdwn(`:bust_in_silhouette: Stopped by <@${alert.stoppedBy}> through the bot.`)] });
  if (now) blocks.push({ type: 'context', elements: [mrkdwn(`${statusEmoji(now.status)} ${now.note}`)] });
  blocks.push({ type: 'actions', elements: [detailsButton(alert), ...jobActionButtons(alert, job, offer.actions, { kind: 'alert' })] });
  blocks.push({ type: 'context', elements: [mrkdwn(`Space ${code(spaceLabel(alert))} · detected ${slackDate(new Date(alert.detectedAt))}`)] });
  // The fallback text notifies too: graphd's words in it are code-quoted unless plain.
  return {
    text: `Job ${job.id} (${literal(job.command)}) in ${literal(spaceLabel(alert))} is ${literal(job.status)}${alert.previousStatus ? `, was ${literal(alert.previousStatus)}` : ''}`,
    blocks,
  };
}

/** Why a failed BALANCE DATA job matters beyond itself, and the two ways out. */
function balanceBlockedText(alert: JobAlert): string {
  const space = code(spaceLabel(alert));
  const ways = alert.actions.includes('recover')
    ? '*Recover* queues it again to finish the balance; *Stop* marks it STOPPED, which lets a new balance start.'
    : '*Stop* marks it STOPPED, which lets a new balance start (only the newest balance job can be recovered).';
  return `:no_entry: *New balances are blocked.* NebulaGraph refuses every new \`BALANCE DATA\` in ${space} (\`E_JOB_NEED_RECOVER\`) while a balance job is FAILED. ${ways}`;
}

/** Many alerts for one channel in one poll: one message listing them, each with Details. */
export function digestMessage(alerts: JobAlert[]): SlackMessage {
  const space = alerts[0] ? spaceLabel(alerts[0]) : '';
  const failed = alerts.filter((a) => a.job.status === 'FAILED').length;
  const entries: Block[] = alerts.slice(0, DIGEST_ENTRIES).map((alert) => ({
    type: 'section',
    text: mrkdwn(
      `${statusLabel(alert.job.status)}  *${alert.job.id}*  ${code(alert.job.command)}${alert.errorCode && alert.errorCode !== 'E_JOB_SUBMITTED' ? `  ${code(alert.errorCode)}` : ''}${alert.balanceBlocked ? '  :no_entry: blocks new balances' : ''}`,
    ),
    accessory: detailsButton(alert),
  }));
  const more = alerts.length - entries.length;
  return {
    text: `${alerts.length} jobs in ${literal(space)} failed or stopped (${failed} failed)`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: truncate(`🚨 ${alerts.length} jobs failed or stopped in ${space}`, 150), emoji: true } },
      { type: 'context', elements: [mrkdwn(`One message instead of ${alerts.length}: ${failed} failed, ${alerts.length - failed} stopped. Follow-ups are threaded here.`)] },
      ...entries,
      ...(more > 0 ? [{ type: 'context' as const, elements: [mrkdwn(`…and ${more} more. ${code(`list ${space} status=failed,stopped`)} shows them all.`)] }] : []),
    ],
  };
}

/** The status line of an alert after a follow-up. */
export function followUpNote(followUp: FollowUp): string {
  const note = statusNote(followUp);
  return followUp.balanceUnblocked ? `${note} New balances can start again.` : note;
}

/** The end of a run or wait a stuck alert was about: how long it lasted. */
function stuckEndNote(followUp: FollowUp, stuck: NonNullable<FollowUp['stuck']>, by: string, when: string): string {
  const to = literal(followUp.to);
  if (stuck.kind === 'queued') {
    return followUp.to === 'RUNNING'
      ? `Now *RUNNING*, after waiting ${duration(stuck.forMs)} in the queue (${when}).`
      : `Now *${to}*${followUp.to === 'STOPPED' ? by : ''}, after waiting ${duration(stuck.forMs)} in the queue (${when}).`;
  }
  return `Now *${to}*${followUp.to === 'STOPPED' ? by : ''}, after running for ${duration(stuck.forMs)} (${when}).`;
}

function statusNote(followUp: FollowUp): string {
  const by = followUp.actorId ? ` by <@${followUp.actorId}>` : '';
  const when = slackDate(new Date(followUp.at));
  if (followUp.stuck) return stuckEndNote(followUp, followUp.stuck, by, when);
  switch (followUp.to) {
    case 'QUEUE':
    case 'RUNNING':
      return `Now *${followUp.to}*: recovered${by} (${when}).`;
    case 'FINISHED':
      return `Now *FINISHED* (${when}).`;
    case 'FAILED':
      if (followUp.cancelReported) return `Now *FAILED*: stopped${by}; storaged then reported the cancel as FAILED (\`E_USER_CANCEL\`, ${when}). No new alert.`;
      return `${followUp.from === 'STOPPED' ? 'Now *FAILED*' : '*Failed again*'} (${when}); a new alert was posted.`;
    case 'STOPPED':
      return `Now *STOPPED*${by} (${when}).`;
    default:
      return `Now *${literal(followUp.to)}* (${when}).`;
  }
}

export function followUpMessage(followUp: FollowUp): SlackMessage {
  const note = followUpNote(followUp);
  return {
    text: `Job ${followUp.jobId} in ${literal(spaceLabel(followUp))}: ${literal(followUp.from)} → ${literal(followUp.to)}`,
    blocks: [{ type: 'section', text: mrkdwn(`${statusEmoji(followUp.to)} Job *${followUp.jobId}* in ${code(spaceLabel(followUp))}: ${literal(followUp.from)} → ${note}`) }],
  };
}

/** "NebulaGraph", or "NebulaGraph cluster `prod`" when the bot serves named clusters. */
function clusterName(cluster: string, inText: (name: string) => string): string {
  return cluster === DEFAULT_CLUSTER ? 'NebulaGraph' : `NebulaGraph cluster ${inText(cluster)}`;
}

export function outageMessage(cluster: string, since: Date, reason: string): SlackMessage {
  const text = `:electric_plug: The bot cannot reach ${clusterName(cluster, code)} (since ${slackDate(since)}): ${escapeText(reason)} Job alerts resume when it is back; nothing that happens meanwhile is lost.`;
  return { text: `Cannot reach ${clusterName(cluster, literal)} since ${utcText(since)}`, blocks: [{ type: 'section', text: mrkdwn(text) }] };
}

export function reachableMessage(cluster: string, downSince: Date, at: Date): SlackMessage {
  const text = `:large_green_circle: ${clusterName(cluster, code)} is reachable again (it was out of reach for about ${duration(at.getTime() - downSince.getTime())}). Changes made meanwhile are alerted now.`;
  return { text: `${clusterName(cluster, literal)} is reachable again`, blocks: [{ type: 'section', text: mrkdwn(text) }] };
}
