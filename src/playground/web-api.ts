import { BOT, CHANNELS, findChannel, findUser, TEAM, USER_GROUPS } from './roster';
import type { Json, StoredMessage, Workspace } from './workspace';

/**
 * The subset of Slack's Web API the bot calls, answered like Slack: HTTP 200 with `ok: true` and
 * the fields the bot reads, or `ok: false` and Slack's error code. Methods the playground does
 * not know answer `unknown_method`, so nothing silently pretends to work.
 */

const JSON_FIELDS = new Set(['blocks', 'attachments', 'metadata', 'view']);

/** Web API arguments arrive form-encoded (the WebClient's default, JSON fields as strings) or as JSON. */
export function decodeArguments(raw: string, contentType: string | undefined): Json {
  if (!raw) return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw) as Json;
  const args: Json = {};
  for (const [name, value] of new URLSearchParams(raw)) {
    try {
      args[name] = JSON_FIELDS.has(name) ? JSON.parse(value) : value;
    } catch {
      args[name] = value;
    }
  }
  return args;
}

type Method = (args: Json) => Json;

const fail = (error: string): Json => ({ ok: false, error });

function channelOf(args: Json): string | null {
  const wanted = String(args.channel ?? '');
  const channel = findChannel(wanted) ?? CHANNELS.find((c) => `#${c.name}` === wanted || c.name === wanted);
  return channel?.id ?? null;
}

function content(args: Json): { text: string; blocks?: Json[] } | null {
  const text = typeof args.text === 'string' ? args.text : '';
  const blocks = Array.isArray(args.blocks) ? (args.blocks as Json[]) : undefined;
  return text || blocks?.length ? { text, blocks } : null;
}

function messageJson(message: StoredMessage): Json {
  return {
    type: 'message',
    user: BOT.userId,
    bot_id: BOT.botId,
    app_id: BOT.appId,
    text: message.text,
    blocks: message.blocks,
    ts: message.ts,
    ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
    team: TEAM.id,
  };
}

function channelJson(id: string): Json {
  const channel = findChannel(id);
  return { id, name: channel?.name, is_channel: true, is_private: false, is_member: true, is_archived: false };
}

function channelAnswer(args: Json): Json {
  const channel = channelOf(args);
  return channel ? { ok: true, channel: channelJson(channel) } : fail('channel_not_found');
}

export class WebApi {
  private readonly methods: Record<string, Method>;

  constructor(
    private readonly workspace: Workspace,
    private readonly options: { botToken: string; baseUrl: () => string },
  ) {
    this.methods = {
      'auth.test': () => ({
        ok: true,
        url: `${this.options.baseUrl()}/`,
        team: TEAM.name,
        user: BOT.name,
        team_id: TEAM.id,
        user_id: BOT.userId,
        bot_id: BOT.botId,
        is_enterprise_install: false,
      }),
      'chat.postMessage': (args) => this.postMessage(args),
      'chat.update': (args) => this.update(args),
      'chat.delete': (args) => this.remove(args),
      'chat.postEphemeral': (args) => this.postEphemeral(args),
      // Every channel is public and the bot a member of each: joining changes nothing.
      'conversations.join': (args) => channelAnswer(args),
      'conversations.info': (args) => channelAnswer(args),
      'usergroups.users.list': (args) => {
        const group = USER_GROUPS.find((g) => g.id === args.usergroup);
        return group ? { ok: true, users: group.users } : fail('no_such_subteam');
      },
      'users.info': (args) => {
        const user = findUser(String(args.user ?? ''));
        if (!user) return fail('user_not_found');
        return {
          ok: true,
          user: {
            id: user.id,
            team_id: TEAM.id,
            name: user.name.toLowerCase(),
            real_name: user.realName,
            tz: 'UTC',
            is_bot: false,
            profile: { display_name: user.name, real_name: user.realName },
          },
        };
      },
      'views.publish': (args) => this.publish(args),
    };
  }

  /** Answers one call; `token` is the bearer token (or the `token` argument) it came with. */
  call(method: string, args: Json, token: string | null): Json {
    if (token !== this.options.botToken) return fail(token ? 'invalid_auth' : 'not_authed');
    const handler = this.methods[method];
    return handler ? handler(args) : fail('unknown_method');
  }

  private postMessage(args: Json): Json {
    const channel = channelOf(args);
    if (!channel) return fail('channel_not_found');
    const body = content(args);
    if (!body) return fail('no_text');
    const threadTs = typeof args.thread_ts === 'string' && args.thread_ts ? args.thread_ts : undefined;
    // A thread the playground no longer holds (it keeps history in memory only): the reply shows at the top level.
    const message = this.workspace.post({ channel, author: { kind: 'bot' }, ...body, threadTs });
    return { ok: true, channel, ts: message.ts, message: messageJson(message) };
  }

  private update(args: Json): Json {
    const channel = channelOf(args);
    if (!channel) return fail('channel_not_found');
    const existing = this.workspace.find(channel, String(args.ts ?? ''));
    if (!existing) return fail('message_not_found');
    // Ephemeral messages change only through an interaction's response_url; others' messages never.
    if (existing.visibleTo || existing.author.kind !== 'bot') return fail('cant_update_message');
    const body = content(args);
    if (!body) return fail('no_text');
    const message = this.workspace.replace(channel, existing.ts, body) as StoredMessage;
    return { ok: true, channel, ts: message.ts, text: message.text, message: messageJson(message) };
  }

  private remove(args: Json): Json {
    const channel = channelOf(args);
    if (!channel) return fail('channel_not_found');
    const existing = this.workspace.find(channel, String(args.ts ?? ''));
    if (!existing) return fail('message_not_found');
    if (existing.visibleTo || existing.author.kind !== 'bot') return fail('cant_delete_message');
    this.workspace.remove(channel, existing.ts);
    return { ok: true, channel, ts: existing.ts };
  }

  private postEphemeral(args: Json): Json {
    const channel = channelOf(args);
    if (!channel) return fail('channel_not_found');
    const user = findUser(String(args.user ?? ''));
    if (!user) return fail('user_not_in_channel');
    const body = content(args);
    if (!body) return fail('no_text');
    const threadTs = typeof args.thread_ts === 'string' && args.thread_ts ? args.thread_ts : undefined;
    const message = this.workspace.post({ channel, author: { kind: 'bot' }, ...body, threadTs, visibleTo: user.id });
    return { ok: true, message_ts: message.ts };
  }

  private publish(args: Json): Json {
    const user = findUser(String(args.user_id ?? ''));
    if (!user) return fail('user_not_found');
    const view = args.view as Json | undefined;
    if (!view || typeof view !== 'object' || view.type !== 'home' || !Array.isArray(view.blocks)) return fail('invalid_arguments');
    const home = this.workspace.publishHome(user.id, view);
    return { ok: true, view: { id: home.id, team_id: TEAM.id, type: 'home', blocks: (home.view.blocks as Json[]) ?? [], app_id: BOT.appId, bot_id: BOT.botId } };
  }
}
