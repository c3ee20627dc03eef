import type { WatchEnding, WatchLook } from '../../alerts/follow-display';
import type { JobView } from '../../jobs/show-job';
import { spaceLabel } from '../../spaces/space-ref';
import { unwatchButton } from './follow-controls';
import { duration, literal, slackDate, statusEmoji } from './format';
import { jobActionButtons } from './job-buttons';
import { jobDetailMessage } from './job-detail';
import { type Block, mrkdwn, type SlackMessage } from './message';

/** How a watch ended, in a few words. */
export function watchEndingText(ending: WatchEnding): string {
  switch (ending.kind) {
    case 'ended': {
      const ran = ending.durationMs === null ? 'without starting' : `after ${duration(ending.durationMs)}`;
      return `${statusEmoji(ending.status)} *${literal(ending.status)}* ${ran}`;
    }
    case 'gone':
      return ':grey_question: NebulaGraph no longer lists the job (expired, or its space was dropped)';
    case 'timed-out':
      return `:hourglass: watched for ${duration(ending.watchedMs)}, as long as a watch lasts; ${ending.status ? `it is still *${literal(ending.status)}*` : 'NebulaGraph could not be read'}`;
    case 'unwatched':
      return ':no_bell: no longer watched';
  }
}

/**
 * The watcher's own copy of a job's detail, which the follower redraws while the job runs. Its
 * Stop answers with a new message (the copy stays a watch); Unwatch ends the watch.
 */
export function watchMessage(view: JobView, now: Date, look: WatchLook): SlackMessage {
  const detail = jobDetailMessage(view, now);
  const { job } = view.detail;
  const ref = { cluster: view.cluster, space: view.space, jobId: job.id };
  const blocks: Block[] = (detail.blocks ?? []).filter((block) => block.type !== 'actions');
  const note = look.ended
    ? `:eyes: Watch of <@${look.watcherId}> ended: ${watchEndingText(look.ended)}.`
    : `:eyes: Watched by <@${look.watcherId}>: this message updates itself while the job runs, until ${slackDate(look.until)}; you are mentioned in its thread when the job ends.`;
  blocks.splice(1, 0, { type: 'context', elements: [mrkdwn(note)] });
  if (!look.ended) {
    blocks.push({ type: 'actions', elements: [...jobActionButtons(view, job, view.actions, { kind: 'command' }), unwatchButton(ref)] });
  }
  const state = look.ended ? `watch ended, ${literal(job.status)}` : literal(job.status);
  return { text: `Watching job ${job.id} ${literal(job.command)} in ${literal(spaceLabel(view))}: ${state}`, blocks };
}
