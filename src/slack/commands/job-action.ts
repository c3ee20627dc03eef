import { JobAction } from '../../jobs/rules';
import { SlackMessage } from '../blocks/message';
import { runJobAction } from '../job-action-flow';
import { Requester, SlackServices } from '../services';
import { spaceFor } from './list';

/** `stop <id> [space]` / `recover <id> [space]`: the same checks as the buttons, minus the dialog. */
export function jobActionCommand(
  services: SlackServices,
  requester: Requester & { responseUrl: string | null },
  request: { action: JobAction; jobId: number; space?: string },
): Promise<SlackMessage> {
  const space = spaceFor(services, requester, request.space);
  return runJobAction(services, requester, { space, jobId: request.jobId }, request.action, { kind: 'command' });
}
