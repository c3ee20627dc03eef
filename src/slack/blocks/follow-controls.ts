import type { types } from '@slack/bolt';
import type { RefreshLook } from '../../alerts/follow-display';
import { AUTO_REFRESH_CHOICES, AUTO_REFRESH_OFF } from '../../alerts/list-refresh-plan';
import type { Job } from '../../jobs/job';
import { isOngoing } from '../../jobs/watch-outcome';
import type { SpaceRef } from '../../spaces/space-ref';
import { ActionId } from '../interactive/action-ids';
import { encodeJobRef, type JobRef } from '../interactive/job-ref';
import { duration, slackDate } from './format';
import { type Block, mrkdwn, plain } from './message';

/** The Watch button, on jobs still queued or running. */
export function watchButtons(ref: SpaceRef, job: Job): types.Button[] {
  if (!isOngoing(job.status)) return [];
  return [{ type: 'button', action_id: ActionId.jobWatch, text: plain('Watch'), value: encodeJobRef({ cluster: ref.cluster, space: ref.space, jobId: job.id }) }];
}

export function unwatchButton(ref: JobRef): types.Button {
  return { type: 'button', action_id: ActionId.jobUnwatch, text: plain('Unwatch'), value: encodeJobRef(ref) };
}

const CHOICE_LABELS: Record<string, string> = { '10s': 'Every 10 s', '30s': 'Every 30 s', '1m': 'Every minute', '5m': 'Every 5 minutes' };

function option(text: string, value: string): types.PlainTextOption {
  return { text: plain(text), value };
}

/** The value of the select's option for an interval, if it is one offered. */
function choiceOf(everyMs: number): string | undefined {
  return Object.entries(AUTO_REFRESH_CHOICES).find(([, ms]) => ms === everyMs)?.[0];
}

/** The list's auto-refresh select (the Dashboard's "update frequency"), showing the current choice. */
export function autoRefreshSelect(look: RefreshLook | undefined): types.StaticSelect {
  const off = option('Auto-refresh: off', AUTO_REFRESH_OFF);
  const options = [off, ...Object.keys(AUTO_REFRESH_CHOICES).map((value) => option(CHOICE_LABELS[value], value))];
  const current = look?.kind === 'on' ? options.find((o) => o.value === choiceOf(look.everyMs)) : off;
  return { type: 'static_select', action_id: ActionId.listAutoRefresh, placeholder: plain('Auto-refresh'), options, initial_option: current ?? off };
}

/** Says how the list refreshes itself while it does, and what Slack allows on a list only its reader sees. */
export function autoRefreshBlocks(look: RefreshLook | undefined): Block[] {
  if (look?.kind !== 'on') return [];
  const every = duration(look.everyMs);
  const limit =
    look.redrawsLeft === null
      ? ''
      : ` Slack lets the bot redraw this message only 5 times in 30 minutes: it is redrawn when a job changes (${look.redrawsLeft} more time${look.redrawsLeft === 1 ? '' : 's'}), then it stops.`;
  return [{ type: 'context', elements: [mrkdwn(`:arrows_counterclockwise: Auto-refresh every ${every} until ${slackDate(look.until, '{time}')} (<@${look.userId}>).${limit}`)] }];
}

/** The banner of a list whose auto-refresh stopped by itself. */
export function autoRefreshEndedText(look: RefreshLook): string | undefined {
  if (look.kind !== 'ended') return undefined;
  const after = `${Math.max(1, Math.round(look.afterMs / 60_000))} min`;
  return look.reason === 'time'
    ? `:pause_button: Auto-refresh ended after ${after}; Refresh to look again.`
    : `:pause_button: Auto-refresh ended after ${after}: Slack lets the bot redraw this message only 5 times. Refresh to look again.`;
}
