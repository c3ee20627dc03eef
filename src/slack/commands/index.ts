import { App } from '@slack/bolt';
import { helpMessage } from '../blocks/help';
import { SlackMessage } from '../blocks/message';
import { parseCommandText } from '../command-text';
import { errorReply } from '../replies';
import { Requester, SlackServices } from '../services';
import { listCommand } from './list';
import { showCommand } from './show';
import { spacesCommand } from './spaces';
import { useCommand } from './use';

async function answer(services: SlackServices, requester: Requester, text: string): Promise<SlackMessage> {
  const command = parseCommandText(text, services.command);
  switch (command.kind) {
    case 'help':
      return helpMessage(services.command);
    case 'spaces':
      return spacesCommand(services, requester);
    case 'use':
      return useCommand(services, requester, command.space);
    case 'list':
      return listCommand(services, requester, command);
    case 'show':
      return showCommand(services, requester, command);
  }
}

/** The slash command: ack at once (Slack allows 3 s), answer later through response_url. */
export function registerCommands(app: App, services: SlackServices): void {
  app.command(services.command, async ({ ack, command, respond }) => {
    await ack();
    const requester: Requester = { userId: command.user_id, channelId: command.channel_id };
    const reply = await answer(services, requester, command.text ?? '').catch((error: unknown) => errorReply(error, services.logger));
    await respond(reply).catch((error: unknown) => services.logger.warn('slack.respond_failed', { error }));
  });
}
