import { BOT, findChannel, findUser, TEAM } from './roster';
import type { Json, StoredMessage } from './workspace';

/** What Slack sends an app: a slash command's form fields and a block_actions payload. */

export interface CommandInput {
  userId: string;
  channelId: string;
  command: string;
  text: string;
  responseUrl: string;
  triggerId: string;
}

export function slashCommandForm(input: CommandInput): Record<string, string> {
  return {
    token: 'playground-verification-token',
    team_id: TEAM.id,
    team_domain: TEAM.domain,
    channel_id: input.channelId,
    channel_name: findChannel(input.channelId)?.name ?? input.channelId,
    user_id: input.userId,
    user_name: findUser(input.userId)?.name.toLowerCase() ?? input.userId,
    command: input.command,
    text: input.text,
    api_app_id: BOT.appId,
    is_enterprise_install: 'false',
    response_url: input.responseUrl,
    trigger_id: input.triggerId,
  };
}

export interface FoundElement {
  blockId: string;
  element: Json;
}

/** The interactive element a click names, where the message really shows it. */
export function findElement(blocks: Json[], blockId: string, actionId: string): FoundElement | undefined {
  for (const block of blocks) {
    if (block.block_id !== blockId) continue;
    const candidates = [...(Array.isArray(block.elements) ? (block.elements as Json[]) : []), ...(block.accessory ? [block.accessory as Json] : [])];
    const element = candidates.find((candidate) => candidate.action_id === actionId);
    if (element) return { blockId, element };
  }
  return undefined;
}

function optionsOf(element: Json): Json[] {
  const groups = Array.isArray(element.option_groups) ? (element.option_groups as Json[]).flatMap((g) => (g.options as Json[] | undefined) ?? []) : [];
  return [...((element.options as Json[] | undefined) ?? []), ...groups];
}

/** The action as Slack reports it; a select reports the option picked, which must be one it offers. */
export function actionOf(found: FoundElement, selectedValue: string | undefined, actionTs: string): Json | undefined {
  const { element, blockId } = found;
  const action: Json = { type: element.type, action_id: element.action_id, block_id: blockId, action_ts: actionTs };
  if (element.type === 'button') {
    return { ...action, text: element.text, ...(element.value !== undefined ? { value: element.value } : {}), ...(element.style ? { style: element.style } : {}) };
  }
  if (element.type === 'static_select') {
    const selected = optionsOf(element).find((option) => option.value === selectedValue);
    return selected ? { ...action, selected_option: selected, ...(element.placeholder ? { placeholder: element.placeholder } : {}) } : undefined;
  }
  return undefined;
}

/** The selects' current choices, as Slack reports a message's state. */
function stateOf(blocks: Json[], changed: Json): Json {
  const values: Record<string, Record<string, Json>> = {};
  for (const block of blocks) {
    const elements = [...(Array.isArray(block.elements) ? (block.elements as Json[]) : []), ...(block.accessory ? [block.accessory as Json] : [])];
    for (const element of elements.filter((e) => e.type === 'static_select')) {
      const isChanged = changed.block_id === block.block_id && changed.action_id === element.action_id;
      const selected = isChanged ? changed.selected_option : element.initial_option;
      values[block.block_id as string] ??= {};
      values[block.block_id as string][element.action_id as string] = { type: 'static_select', selected_option: selected ?? null };
    }
  }
  return { values };
}

function userOf(userId: string): Json {
  const name = findUser(userId)?.name.toLowerCase() ?? userId;
  return { id: userId, username: name, name, team_id: TEAM.id };
}

export interface MessageClick {
  userId: string;
  message: StoredMessage;
  action: Json;
  responseUrl: string;
  triggerId: string;
}

/** A click in a message. Slack leaves the message itself out when it is ephemeral. */
export function messageActionsPayload(click: MessageClick): Json {
  const { message } = click;
  const ephemeral = message.visibleTo !== undefined;
  return {
    type: 'block_actions',
    user: userOf(click.userId),
    api_app_id: BOT.appId,
    token: 'playground-verification-token',
    container: {
      type: 'message',
      message_ts: message.ts,
      channel_id: message.channel,
      is_ephemeral: ephemeral,
      ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
    },
    trigger_id: click.triggerId,
    team: { id: TEAM.id, domain: TEAM.domain },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: message.channel, name: findChannel(message.channel)?.name ?? message.channel },
    ...(ephemeral
      ? {}
      : {
          message: {
            type: 'message',
            ...(message.author.kind === 'bot' ? { user: BOT.userId, bot_id: BOT.botId, app_id: BOT.appId } : {}),
            text: message.text,
            blocks: message.blocks,
            ts: message.ts,
            ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
            team: TEAM.id,
          },
        }),
    state: stateOf(message.blocks, click.action),
    response_url: click.responseUrl,
    actions: [click.action],
  };
}

/** A click in a Home tab: Slack sends the view, and no response_url. */
export function viewActionsPayload(input: { userId: string; viewId: string; view: Json; action: Json; triggerId: string }): Json {
  return {
    type: 'block_actions',
    user: userOf(input.userId),
    api_app_id: BOT.appId,
    token: 'playground-verification-token',
    container: { type: 'view', view_id: input.viewId },
    trigger_id: input.triggerId,
    team: { id: TEAM.id, domain: TEAM.domain },
    enterprise: null,
    is_enterprise_install: false,
    view: { id: input.viewId, team_id: TEAM.id, type: 'home', ...input.view, state: stateOf((input.view.blocks as Json[] | undefined) ?? [], input.action) },
    actions: [input.action],
  };
}
