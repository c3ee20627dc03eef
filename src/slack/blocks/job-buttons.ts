import type { types } from '@slack/bolt';
import type { Job } from '../../jobs/job';
import { type JobAction, stopCaveat } from '../../jobs/rules';
import { type SpaceRef, spaceLabel } from '../../spaces/space-ref';
import { ActionId } from '../interactive/action-ids';
import { encodeJobAction, encodeJobRef, type Origin } from '../interactive/job-ref';
import { code, literal } from './format';
import { mrkdwn, plain } from './message';

/** Alerts listed one by one in a digest; the rest are counted. */
export const DIGEST_ENTRIES = 15;

/** Details of the job an alert (or a stuck or finished notice) is about. */
export function detailsButton(alert: SpaceRef & { job: { id: number } }) {
  return {
    type: 'button' as const,
    action_id: ActionId.jobDetails,
    text: plain('Details'),
    value: encodeJobRef({ cluster: alert.cluster, space: alert.space, jobId: alert.job.id }),
  };
}
/** Where graphd will probably refuse a stop, as mrkdwn: graphd's command name code-quoted unless a plain word. */
export function stopCaveatText(job: Job): string | null {
  return stopCaveat(job)?.split(job.command).join(literal(job.command)) ?? null;
}

/** What the Stop dialog says will happen; where graphd will probably refuse, it says so. */
function stopConfirmText(space: string, job: Job): string {
  const caveat = stopCaveatText(job);
  const asked = `Stop ${code(job.command)} job ${job.id} in ${code(space)}?`;
  return caveat ? `${asked} ${caveat}` : `${asked} It becomes STOPPED; a stopped job can be recovered later.`;
}

/**
 * Stop and Recover, each behind Slack's confirm dialog. Shown only where graphd may accept them
 * (Stop on every unfinished job, with a warning where graphd will probably refuse); the click is
 * still re-checked against graphd and the clicker's role.
 */
export function jobActionButtons(ref: SpaceRef, job: Job, actions: readonly JobAction[], origin: Origin): types.Button[] {
  const value = encodeJobAction({ cluster: ref.cluster, space: ref.space, jobId: job.id }, origin);
  const space = spaceLabel(ref);
  return actions.map((action) =>
    action === 'stop'
      ? {
          type: 'button',
          action_id: ActionId.jobStop,
          text: plain('Stop'),
          style: 'danger',
          value,
          confirm: {
            title: plain(`Stop job ${job.id}?`),
            text: mrkdwn(stopConfirmText(space, job), 300),
            confirm: plain('Stop job'),
            deny: plain('Cancel'),
            style: 'danger',
          },
        }
      : {
          type: 'button',
          action_id: ActionId.jobRecover,
          text: plain('Recover'),
          style: 'primary',
          value,
          confirm: {
            title: plain(`Recover job ${job.id}?`),
            text: mrkdwn(`Recover ${code(job.command)} job ${job.id} in ${code(space)}? It is queued again and re-runs from the start.`, 300),
            confirm: plain('Recover job'),
            deny: plain('Cancel'),
            style: 'primary',
          },
        },
  );
}
