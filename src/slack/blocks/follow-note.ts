import type { FollowNote } from '../../alerts/notices';
import { spaceLabel } from '../../spaces/space-ref';
import { code, literal, slackDate } from './format';
import { errorCodeText } from './job-detail';
import { watchEndingText } from './job-watch';
import { mrkdwn, type SlackMessage } from './message';

/** `Job *42* `STATS` in `nba``. */
function jobName(note: FollowNote): string {
  return `Job *${note.jobId}*${note.command ? ` ${code(note.command)}` : ''} in ${code(spaceLabel(note))}`;
}

function minutes(ms: number): string {
  return `${Math.max(1, Math.floor(ms / 60_000))} min`;
}

function stopText(note: Extract<FollowNote, { follow: 'stop' }>): string {
  const by = `stopped by <@${note.userId}>${note.approverId ? ` (approved by <@${note.approverId}>)` : ''}`;
  const head = `${jobName(note)}, ${by}`;
  const event = note.event;
  switch (event.kind) {
    case 'settled':
      return `:white_check_mark: ${head}: stopped cleanly: ${event.tasks === 0 ? 'no task was running' : 'all tasks ended'}.`;
    case 'cancel-reported':
      return `:octagonal_sign: ${head}: turned FAILED (storaged reported the cancel, \`E_USER_CANCEL\`); all tasks ended. Recover it to run it again.`;
    case 'finished':
      return `:white_check_mark: ${head}: finished anyway: its tasks completed before the stop reached them.`;
    case 'failed':
      return `:x: ${head}: turned FAILED after the stop (${errorCodeText(event.errorCode)}).`;
    case 'moved-on':
      return `:arrows_counterclockwise: ${head}: it is *${literal(event.status)}* again (recovered meanwhile); the bot no longer follows the stop.`;
    case 'gone':
      return `:grey_question: ${head}: NebulaGraph no longer lists the job (expired, or its space was dropped); the bot no longer follows it.`;
    case 'still-running': {
      const hosts = event.hosts.length ? `: ${event.hosts.map(code).join(', ')}` : '';
      const tasks = `${event.atWork}${event.total > 0 ? ` of ${event.total}` : ''} task${event.atWork === 1 ? '' : 's'}`;
      return `:hourglass_flowing_sand: ${head}: tasks still running after ${minutes(event.afterMs)} (${tasks}${hosts}). The bot follows it until ${slackDate(new Date(event.until), '{time}')}.`;
    }
    case 'gave-up':
      return event.atWork === null
        ? `:hourglass: ${head}: no longer followed after ${minutes(event.afterMs)}: NebulaGraph could not be read.`
        : `:hourglass: ${head}: no longer followed after ${minutes(event.afterMs)}; ${event.atWork} task${event.atWork === 1 ? ' was' : 's were'} still running. \`watch ${note.jobId} ${spaceLabel(note)}\` keeps an eye on it.`;
  }
}

function watchText(note: Extract<FollowNote, { follow: 'watch' }>): string {
  const event = note.event;
  if (event.kind === 'ended') {
    const code = event.errorCode ? ` (${errorCodeText(event.errorCode)})` : '';
    return `<@${note.userId}> ${jobName(note)} ended: ${watchEndingText(event)}${code}.`;
  }
  return `<@${note.userId}> ${jobName(note)}: watch ended: ${watchEndingText(event)}.`;
}

/** Short fallback text (notifications): graphd's words code-quoted unless plain. */
function fallback(note: FollowNote): string {
  const job = `Job ${note.jobId} in ${literal(spaceLabel(note))}`;
  if (note.follow === 'watch') return note.event.kind === 'ended' ? `${job} ended: ${literal(note.event.status)}` : `${job}: watch ended`;
  const event = note.event;
  switch (event.kind) {
    case 'settled':
      return `${job}: stopped cleanly`;
    case 'cancel-reported':
      return `${job}: turned FAILED (storaged reported the cancel)`;
    case 'finished':
      return `${job}: finished anyway after the stop`;
    case 'failed':
      return `${job}: turned FAILED after the stop`;
    case 'moved-on':
      return `${job}: ${literal(event.status)} again`;
    case 'gone':
      return `${job}: no longer listed`;
    case 'still-running':
      return `${job}: tasks still running after ${minutes(event.afterMs)}`;
    case 'gave-up':
      return `${job}: no longer followed after ${minutes(event.afterMs)}`;
  }
}

/** What the job follower tells, posted by the outbox in the follow's thread (or to the person). */
export function followNoteMessage(note: FollowNote): SlackMessage {
  const text = note.follow === 'stop' ? stopText(note) : watchText(note);
  return { text: fallback(note), blocks: [{ type: 'section', text: mrkdwn(text) }] };
}
