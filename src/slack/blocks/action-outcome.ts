import { ActionResult } from '../../jobs/perform-action';
import { JobAction } from '../../jobs/rules';
import { escapeText, literal } from './format';

const PAST: Record<JobAction, string> = { stop: 'stopped', recover: 'recovered' };
const ICON: Record<JobAction, string> = { stop: ':octagonal_sign:', recover: ':recycle:' };

/** One line saying what became of a stop/recover and who did it, for banners and notices. */
export function outcomeText(action: JobAction, jobId: number, result: ActionResult, actorId: string, approverId?: string): string {
  const by = `<@${actorId}>${approverId ? ` (approved by <@${approverId}>)` : ''}`;
  switch (result.result) {
    case 'executed':
      return `${ICON[action]} ${by} ${PAST[action]} job ${jobId}; it is now *${literal(result.after?.status ?? 'unknown')}*.`;
    case 'refused':
      return `:no_entry_sign: Job ${jobId} was not ${PAST[action]}: ${escapeText(result.reason)}`;
    case 'refused-by-server':
      return `:no_entry_sign: NebulaGraph refused to ${action} job ${jobId}: ${escapeText(result.reason)}`;
    case 'outcome-unknown':
      return `:grey_question: ${by} asked to ${action} job ${jobId}, but NebulaGraph did not confirm in time. It was not sent again; the job now shows *${literal(result.after?.status ?? 'unknown')}*.`;
  }
}

/** Only a confirmed or possibly-applied change redraws the shared message; refusals go to the clicker alone. */
export function changesTheJob(result: ActionResult): boolean {
  return result.result === 'executed' || result.result === 'outcome-unknown';
}
