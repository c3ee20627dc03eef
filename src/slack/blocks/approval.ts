import type { types } from '@slack/bolt';
import type { Approval } from '../../access/approvals';
import type { Job } from '../../jobs/job';
import { spaceLabel } from '../../spaces/space-ref';
import { ActionId } from '../interactive/action-ids';
import { code, literal, slackDate, statusLabel } from './format';
import { stopCaveatText } from './job-buttons';
import { type Block, mrkdwn, plain, type SlackMessage } from './message';

function facts(approval: Approval, job: Job | null): Block {
  return {
    type: 'section',
    fields: [
      mrkdwn(`*Requested by*\n<@${approval.requesterId}>`),
      mrkdwn(`*Action*\n${approval.action === 'stop' ? ':octagonal_sign: Stop' : ':recycle: Recover'}`),
      mrkdwn(`*Job*\n${approval.jobId}${job ? ` ${code(job.command)}` : ''}`),
      mrkdwn(`*Space*\n${code(spaceLabel(approval))}`),
      mrkdwn(`*Job status*\n${job ? statusLabel(job.status) : 'unknown'}`),
      mrkdwn(`*Expires*\n${slackDate(approval.expiresAt)}`),
    ],
  };
}

function decisionButtons(approval: Approval, job: Job | null): types.Button[] {
  const what = `${approval.action} job ${approval.jobId}${job ? ` (${code(job.command)})` : ''} in ${code(spaceLabel(approval))}`;
  return [
    {
      type: 'button',
      action_id: ActionId.approve,
      text: plain('Approve'),
      style: 'primary',
      value: approval.id,
      confirm: {
        title: plain('Approve and run it now?'),
        text: mrkdwn(`This will ${what} for <@${approval.requesterId}>.`, 300),
        confirm: plain('Approve'),
        deny: plain('Cancel'),
      },
    },
    { type: 'button', action_id: ActionId.reject, text: plain('Reject'), style: 'danger', value: approval.id },
  ];
}

/** The request an admin answers: who wants what, on which job, until when; and, as the Stop dialog warns, where graphd will probably refuse. */
export function approvalRequestMessage(approval: Approval, job: Job | null): SlackMessage {
  const caveat = approval.action === 'stop' && job ? stopCaveatText(job) : null;
  return {
    text: `Approval needed: <@${approval.requesterId}> wants to ${approval.action} job ${approval.jobId} in ${literal(spaceLabel(approval))}`,
    blocks: [
      { type: 'header', text: plain(`Approval needed: ${approval.action} job ${approval.jobId}`) },
      facts(approval, job),
      ...(caveat ? [{ type: 'section' as const, text: mrkdwn(`:warning: ${caveat}`) }] : []),
      { type: 'actions', elements: decisionButtons(approval, job) },
      { type: 'context', elements: [mrkdwn(`Only an admin of ${code(spaceLabel(approval))} other than <@${approval.requesterId}> can decide. The first decision counts.`)] },
    ],
  };
}

/** The same request once decided: the buttons give way to the outcome. */
export function approvalOutcomeMessage(approval: Approval, job: Job | null, outcome: string): SlackMessage {
  return {
    text: `Approval for ${approval.action} job ${approval.jobId} in ${literal(spaceLabel(approval))}: ${literal(approval.status)}`,
    blocks: [{ type: 'header', text: plain(`Approval: ${approval.action} job ${approval.jobId}`) }, facts(approval, job), { type: 'section', text: mrkdwn(outcome) }],
  };
}
