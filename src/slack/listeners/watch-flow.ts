import type { Watch } from '../../alerts/follows';
import { unwatchJob, unwatchRef, watchJob } from '../../alerts/watches';
import { jobDurationMs } from '../../jobs/job';
import { JobsError } from '../../jobs/jobs-error';
import { showJob } from '../../jobs/show-job';
import { spaceLabel } from '../../spaces/space-ref';
import { code, duration, literal, slackDate } from '../blocks/format';
import { watchMessage } from '../blocks/job-watch';
import { type SlackMessage, truncateMrkdwn } from '../blocks/message';
import { notice } from '../blocks/notice';
import type { JobRef } from '../interactive/job-ref';
import { slackErrorReason } from '../web-api/slack-errors';
import type { ListenerDeps } from './listener-deps';

/**
 * Watching, from a typed `watch` or a Watch button. The watched copy goes to the watcher's
 * messages with the bot (a direct message the bot posts): there it can be redrawn with
 * chat.update as often as needed, and mentions in its thread notify the watcher. An ephemeral
 * detail could be redrawn only 5 times through its response_url, and has no thread.
 */
export async function startWatching(deps: ListenerDeps, userId: string, ref: JobRef): Promise<SlackMessage> {
  const started = await watchJob(deps, userId, ref, async (view, watch) => {
    try {
      return await deps.poster.post(userId, watchMessage(view, deps.now(), { watcherId: userId, until: watch.until, ended: null }));
    } catch (error) {
      throw new JobsError(
        'action-refused',
        `The bot could not send you the watched job (${slackErrorReason(error)}), so it is not watched.`,
        "Open the bot's Messages tab once, then try again.",
      );
    }
  });
  const { command } = deps;
  switch (started.kind) {
    case 'ended': {
      const { job } = started.view.detail;
      const ran = jobDurationMs(job, deps.now());
      return notice(
        `:information_source: Job ${job.id} in ${code(spaceLabel(started.view))} is already *${literal(job.status)}*${ran !== null ? ` (it ran ${duration(ran)})` : ''}: nothing to watch.`,
      );
    }
    case 'already':
      return notice(
        `:eyes: You already watch job ${started.watch.jobId} in ${code(spaceLabel(started.watch))} (since ${slackDate(started.watch.startedAt)}); its copy is in your messages with the bot.`,
        `\`${command} unwatch ${started.watch.jobId} ${spaceLabel(started.watch)}\` ends the watch.`,
      );
    case 'watching':
      return notice(
        `:eyes: Watching job ${ref.jobId} ${code(started.view.detail.job.command)} in ${code(spaceLabel(ref))}. Its detail is in your messages with the bot and updates itself while the job runs; you will be mentioned in its thread when it ends.`,
        `\`${command} unwatch ${ref.jobId} ${spaceLabel(ref)}\` ends the watch; \`${command} watches\` lists yours.`,
      );
  }
}

/** The watched copy, saying it is no longer watched; null when graphd cannot be read now. */
async function unwatchedCopy(deps: ListenerDeps, watch: Watch): Promise<SlackMessage | null> {
  try {
    const view = await showJob(deps.gateway, watch, watch.jobId, deps.now);
    return watchMessage({ ...view, actions: [] }, deps.now(), { watcherId: watch.userId, until: watch.until, ended: { kind: 'unwatched' } });
  } catch (error) {
    deps.logger.warn('watch.copy_not_redrawn', { watch: watch.id, error: error instanceof Error ? error.message : String(error) });
    return null;
  }
}

function unwatchedNotice(watch: Watch): SlackMessage {
  return notice(`:no_bell: You no longer watch job ${watch.jobId} in ${code(spaceLabel(watch))}.`);
}

/** `unwatch <id> [space]`: the watched copy is redrawn (cosmetic: a failure is only logged). */
export async function stopWatching(deps: ListenerDeps, userId: string, jobId: number, space?: string): Promise<SlackMessage> {
  const watch = unwatchJob(deps, userId, jobId, space);
  if (!watch) return notice(`:information_source: You do not watch job ${jobId}${space ? ` in ${code(space)}` : ''}.`, `\`${deps.command} watches\` lists the jobs you watch.`);
  const copy = watch.message ? await unwatchedCopy(deps, watch) : null;
  if (copy && watch.message) {
    await deps.poster
      .update(watch.message.channel, watch.message.ts, copy)
      .catch((error: unknown) => deps.logger.warn('watch.copy_not_redrawn', { watch: watch.id, error: slackErrorReason(error) }));
  }
  return unwatchedNotice(watch);
}

/** The Unwatch button on a watched copy: the copy itself is redrawn. */
export async function unwatchClicked(deps: ListenerDeps, userId: string, ref: JobRef): Promise<SlackMessage> {
  const watch = unwatchRef(deps, userId, ref);
  if (!watch) return { ...notice(`:information_source: You do not watch job ${ref.jobId} in ${code(spaceLabel(ref))}.`), replace_original: false };
  const copy = await unwatchedCopy(deps, watch);
  return copy ? { ...copy, replace_original: true } : { ...unwatchedNotice(watch), replace_original: false };
}

/** `watches`: the caller's own watches. */
export function listWatches(deps: ListenerDeps, userId: string): SlackMessage {
  const mine = deps.follows.watchesOf(userId);
  if (mine.length === 0) return notice(':eyes: You watch no job.', `\`${deps.command} watch <job id> [space]\`, or the Watch button of a running job, starts one.`);
  const lines = mine.map((w) => `• Job ${w.jobId} ${code(w.command)} in ${code(spaceLabel(w))}, since ${slackDate(w.startedAt)} (until ${slackDate(w.until)} at the latest)`);
  return notice(
    truncateMrkdwn(`:eyes: *You watch ${mine.length} job${mine.length === 1 ? '' : 's'}*\n${lines.join('\n')}`, 3000),
    `\`${deps.command} unwatch <job id> [space]\` ends one.`,
  );
}
