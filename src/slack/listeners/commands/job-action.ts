import { JobAction } from '../../../jobs/rules';
import { SlackMessage } from '../../blocks/message';
import { runJobAction } from '../job-action';
import { Requester, ListenerDeps } from '../listener-deps';
import { spaceFor } from './list';

/** `stop <id> [space]` / `recover <id> [space]`: the same checks as the buttons, minus the dialog. */
export function jobActionCommand(
  deps: ListenerDeps,
  requester: Requester & { responseUrl: string | null },
  request: { action: JobAction; jobId: number; space?: string },
): Promise<SlackMessage> {
  const space = spaceFor(deps, requester, request.space);
  return runJobAction(deps, requester, { space, jobId: request.jobId }, request.action, { kind: 'command' });
}
