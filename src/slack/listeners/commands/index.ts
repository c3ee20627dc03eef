import type { App } from '@slack/bolt';
import { helpMessage } from '../../blocks/help';
import type { SlackMessage } from '../../blocks/message';
import { answer, toResponseUrl } from '../answer';
import type { ListenerDeps, Requester } from '../listener-deps';
import { listWatches, stopWatching } from '../watch-flow';
import { auditCommand } from './audit';
import { clustersCommand } from './clusters';
import { parseCommandText, type SlashCommand } from './command-text';
import { jobActionCommand } from './job-action';
import { listCommand } from './list';
import { showCommand } from './show';
import { spacesCommand } from './spaces';
import { muteCommand, subscribeCommand, subscriptionsCommand, unsubscribeCommand } from './subscriptions';
import { useCommand } from './use';
import { watchCommand } from './watch';
import { whoamiCommand } from './whoami';

type CommandRequester = Requester & { responseUrl: string | null };

async function reply(deps: ListenerDeps, requester: CommandRequester, command: SlashCommand): Promise<SlackMessage> {
  switch (command.kind) {
    case 'help':
      return helpMessage(deps.command, deps.policy.configured);
    case 'spaces':
      return spacesCommand(deps, requester, command.cluster);
    case 'clusters':
      return clustersCommand(deps);
    case 'use':
      return useCommand(deps, requester, command.space);
    case 'list':
      return listCommand(deps, requester, command);
    case 'show':
      return showCommand(deps, requester, command);
    case 'stop':
    case 'recover':
      return jobActionCommand(deps, requester, { action: command.kind, jobId: command.jobId, space: command.space });
    case 'whoami':
      return whoamiCommand(deps, requester);
    case 'audit':
      return auditCommand(deps, requester, command);
    case 'subscribe':
      return subscribeCommand(deps, requester, command.space, command.statuses);
    case 'unsubscribe':
      return unsubscribeCommand(deps, requester, command.space);
    case 'subscriptions':
      return subscriptionsCommand(deps, requester);
    case 'mute':
      return muteCommand(deps, requester, command.space, command.durationMs);
    case 'unmute':
      return muteCommand(deps, requester, command.space, null);
    case 'watch':
      return watchCommand(deps, requester, command);
    case 'unwatch':
      return stopWatching(deps, requester.userId, command.jobId, command.space);
    case 'watches':
      return listWatches(deps, requester.userId);
  }
}

/** The slash command: ack at once (Slack allows 3 s), answer later through response_url. */
export function registerCommands(app: App, deps: ListenerDeps): void {
  app.command(deps.command, async ({ ack, command }) => {
    await ack();
    const requester: CommandRequester = { userId: command.user_id, channelId: command.channel_id, responseUrl: command.response_url ?? null };
    answer(deps, toResponseUrl(deps, command.response_url), { surface: 'command', requester, name: 'unparsed' }, (asked) => {
      const parsed = parseCommandText(command.text ?? '', deps.command);
      asked.name = parsed.kind;
      return reply(deps, requester, parsed);
    });
  });
}
