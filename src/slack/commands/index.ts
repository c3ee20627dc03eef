import { App } from '@slack/bolt';
import { helpMessage } from '../blocks/help';
import { SlackMessage } from '../blocks/message';
import { isJobsError } from '../../jobs/jobs-error';
import { parseCommandText, SlashCommand } from '../command-text';
import { errorReply } from '../replies';
import { Requester, SlackServices } from '../services';
import { auditCommand } from './audit';
import { jobActionCommand } from './job-action';
import { listCommand } from './list';
import { showCommand } from './show';
import { spacesCommand } from './spaces';
import { muteCommand, subscribeCommand, subscriptionsCommand, unsubscribeCommand } from './subscriptions';
import { useCommand } from './use';
import { whoamiCommand } from './whoami';

type CommandRequester = Requester & { responseUrl: string | null };

async function answer(services: SlackServices, requester: CommandRequester, command: SlashCommand): Promise<SlackMessage> {
  switch (command.kind) {
    case 'help':
      return helpMessage(services.command, services.policy.configured);
    case 'spaces':
      return spacesCommand(services, requester);
    case 'use':
      return useCommand(services, requester, command.space);
    case 'list':
      return listCommand(services, requester, command);
    case 'show':
      return showCommand(services, requester, command);
    case 'stop':
    case 'recover':
      return jobActionCommand(services, requester, { action: command.kind, jobId: command.jobId, space: command.space });
    case 'whoami':
      return whoamiCommand(services, requester);
    case 'audit':
      return auditCommand(services, requester, command);
    case 'subscribe':
      return subscribeCommand(services, requester, command.space, command.statuses);
    case 'unsubscribe':
      return unsubscribeCommand(services, requester, command.space);
    case 'subscriptions':
      return subscriptionsCommand(services, requester);
    case 'mute':
      return muteCommand(services, requester, command.space, command.durationMs);
    case 'unmute':
      return muteCommand(services, requester, command.space, null);
  }
}

/** The slash command: ack at once (Slack allows 3 s), answer later through response_url. */
export function registerCommands(app: App, services: SlackServices): void {
  app.command(services.command, async ({ ack, command, respond }) => {
    await ack();
    const requester: CommandRequester = { userId: command.user_id, channelId: command.channel_id, responseUrl: command.response_url ?? null };
    await services.work.run(async () => {
      const started = Date.now();
      let kind = 'unparsed';
      let failure: string | undefined;
      const reply = await (async () => {
        const parsed = parseCommandText(command.text ?? '', services.command);
        kind = parsed.kind;
        return answer(services, requester, parsed);
      })().catch((error: unknown) => {
        failure = isJobsError(error) ? error.kind : 'unexpected';
        return errorReply(error, services.logger);
      });
      await respond(reply).catch((error: unknown) => services.logger.warn('slack.respond_failed', { error }));
      // Who asked for what and how it went; not the text itself, which may hold anything.
      services.logger.info('slack.command', { user: requester.userId, channel: requester.channelId, command: kind, failure, ms: Date.now() - started });
    });
  });
}
