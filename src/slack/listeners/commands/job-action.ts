import { previewJobAction } from '../../../access/preview-job-action';
import type { JobAction } from '../../../jobs/rules';
import { outcomeText } from '../../blocks/action-outcome';
import { jobActionConfirmMessage } from '../../blocks/job-action-confirm';
import type { SlackMessage } from '../../blocks/message';
import { notice } from '../../blocks/notice';
import type { ListenerDeps, Requester } from '../listener-deps';
import { spaceChoice } from './list';

/**
 * `stop <id> [space]` / `recover <id> [space]`: never acts by itself. The space may come from
 * the channel's default, so the answer names space, job, command and status, with the button
 * (and confirm dialog) a list shows; its click goes through the same checks as any click.
 */
export async function jobActionCommand(deps: ListenerDeps, requester: Requester, request: { action: JobAction; jobId: number; space?: string }): Promise<SlackMessage> {
  const { ref, channelDefaultBy } = await spaceChoice(deps, requester, request.space);
  const preview = await previewJobAction(deps, { userId: requester.userId, ...ref, jobId: request.jobId, action: request.action });
  switch (preview.kind) {
    case 'denied':
      return notice(`:lock: ${preview.reason}`);
    case 'refused':
      return notice(outcomeText(request.action, request.jobId, { result: 'refused', reason: preview.reason, before: preview.job }, requester.userId));
    case 'confirm':
      return jobActionConfirmMessage({ ...ref, job: preview.job, action: request.action, channelDefaultBy, needsApproval: preview.needsApproval });
  }
}
