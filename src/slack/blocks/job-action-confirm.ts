import type { Job } from '../../jobs/job';
import type { JobAction } from '../../jobs/rules';
import { type SpaceRef, spaceLabel } from '../../spaces/space-ref';
import { code, literal, slackDate, statusLabel } from './format';
import { jobActionButtons, stopCaveatText } from './job-buttons';
import { type Block, mrkdwn, plain, type SlackMessage } from './message';

export interface ActionConfirmation extends SpaceRef {
  job: Job;
  action: JobAction;
  /** Who set the channel default the space came from; absent when the command named the space. */
  channelDefaultBy?: string;
  /** The policy sends this action to an admin for approval. */
  needsApproval?: boolean;
}

const VERB: Record<JobAction, string> = { stop: 'Stop', recover: 'Recover' };

/**
 * The answer to a typed `stop`/`recover`: the job as graphd shows it now, in the space the
 * command resolved to, and the same button (and confirm dialog) a list would show. Nothing has
 * been sent; the click is checked again in full.
 */
export function jobActionConfirmMessage(confirmation: ActionConfirmation): SlackMessage {
  const { job, action, channelDefaultBy } = confirmation;
  const space = spaceLabel(confirmation);
  const verb = VERB[action];
  const caveat = action === 'stop' ? stopCaveatText(job) : null;
  const spaceText = `${code(space)}${channelDefaultBy ? ` (this channel's default, set by <@${channelDefaultBy}>)` : ''}`;
  const blocks: Block[] = [
    { type: 'header', text: plain(`${verb} job ${job.id}?`) },
    {
      type: 'section',
      fields: [
        mrkdwn(`*Space*\n${spaceText}`),
        mrkdwn(`*Job*\n${job.id}`),
        mrkdwn(`*Command*\n${code(job.command)}`),
        mrkdwn(`*Status*\n${statusLabel(job.status)}`),
        mrkdwn(`*Started*\n${job.startTime ? slackDate(job.startTime) : '—'}`),
      ],
    },
    ...(caveat ? [{ type: 'section' as const, text: mrkdwn(`:warning: ${caveat}`) }] : []),
    {
      type: 'context',
      elements: [
        mrkdwn(
          `Nothing has been sent to NebulaGraph yet. ${verb} checks the job and your role again when clicked.` +
            (confirmation.needsApproval ? ' An admin of the space must then approve it.' : ''),
        ),
      ],
    },
    { type: 'actions', elements: jobActionButtons(confirmation, job, [action], { kind: 'command' }) },
  ];
  return {
    response_type: 'ephemeral',
    text: `${verb} job ${job.id} (${literal(job.command)}, ${literal(job.status)}) in ${literal(space)}? Nothing is sent until you click ${verb}.${caveat ? ` ${caveat}` : ''}`,
    blocks,
  };
}
