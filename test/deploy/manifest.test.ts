import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/env';
import { type SlackManifest, slackManifestSchema } from '../support/slack-manifest-schema';

const ROOT = join(__dirname, '..', '..');
const manifest = parse(readFileSync(join(ROOT, 'manifest.yml'), 'utf8')) as SlackManifest;

/**
 * Bot scopes each Web API method needs, from Slack's method reference (docs.slack.dev/reference/methods).
 * `scopes` are required; `also` are scopes the method makes use of when granted.
 */
const METHOD_SCOPES: Record<string, { scopes: string[]; also?: string[] }> = {
  // chat:write.public lets it post in public channels the bot is not a member of.
  'chat.postMessage': { scopes: ['chat:write'], also: ['chat:write.public'] },
  'chat.update': { scopes: ['chat:write'] },
  'chat.postEphemeral': { scopes: ['chat:write'] },
  'conversations.join': { scopes: ['channels:join'] },
  'usergroups.users.list': { scopes: ['usergroups:read'] },
  // One scope per conversation type asked for; the bot asks for public_channel,private_channel.
  'users.conversations': { scopes: ['channels:read', 'groups:read'] },
  'users.info': { scopes: ['users:read'] },
  'views.publish': { scopes: [] },
  'views.open': { scopes: [] },
  'views.update': { scopes: [] },
  // Bolt calls it at start-up to learn the bot's own user id.
  'auth.test': { scopes: [] },
};

/** Bot scopes each Events API event needs (docs.slack.dev/reference/events). */
const EVENT_SCOPES: Record<string, string[]> = {
  app_home_opened: [],
  // Public channels with channels:read, private ones with groups:read.
  member_joined_channel: ['channels:read', 'groups:read'],
};

/** Methods called for the bot by Bolt itself, not from src/. (apps.connections.open uses the app-level token.) */
const CALLED_BY_BOLT = ['auth.test'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** The Slack side of src/: slack/ and anything else that imports a Slack package (other `client`s, e.g. NebulaGraph's, are not Slack's). */
const sources = sourceFiles(join(ROOT, 'src'))
  .map((path) => ({ path, text: readFileSync(path, 'utf8') }))
  .filter((file) => file.path.includes(`${join('src', 'slack')}/`) || /from\s+['"]@slack\//.test(file.text))
  .map((file) => file.text);

/** Every Web API method src/ calls: `client.<family>.<method>(` and `.apiCall('<method>'`. */
function webApiCalls(texts: string[]): string[] {
  const found = new Set<string>();
  for (const text of texts) {
    for (const m of text.matchAll(/\bclient\s*\.\s*((?:[a-z]+\s*\.\s*)+[a-zA-Z]+)\s*\(/g)) found.add(m[1].replace(/\s/g, ''));
    for (const m of text.matchAll(/\.apiCall\(\s*['"`]([\w.]+)['"`]/g)) found.add(m[1]);
  }
  return [...found].sort();
}

/** Every event src/ listens to: `app.event('<name>'`. */
function eventsHandled(texts: string[]): string[] {
  const found = new Set<string>();
  for (const text of texts) for (const m of text.matchAll(/\bapp\.event\(\s*['"`]([\w.]+)['"`]/g)) found.add(m[1]);
  return [...found].sort();
}

/** What is wrong between the calls and events the code makes and the scopes and events a manifest declares. */
function scopeProblems(calls: string[], events: string[], m: SlackManifest): string[] {
  const problems: string[] = [];
  const granted = new Set(m.oauth_config?.scopes?.bot ?? []);
  const needed = new Set<string>();
  const require = (scope: string, by: string): void => {
    needed.add(scope);
    if (!granted.has(scope)) problems.push(`${by} needs ${scope}, which the manifest lacks`);
  };
  for (const method of [...calls, ...CALLED_BY_BOLT]) {
    const entry = METHOD_SCOPES[method];
    if (!entry) {
      problems.push(`${method} is called but missing from the method → scope table`);
      continue;
    }
    for (const scope of entry.scopes) require(scope, method);
    for (const scope of entry.also ?? []) needed.add(scope);
  }
  for (const event of events) {
    const scopes = EVENT_SCOPES[event];
    if (!scopes) problems.push(`event ${event} is handled but missing from the event → scope table`);
    for (const scope of scopes ?? []) require(scope, `event ${event}`);
  }
  if ((m.features?.slash_commands ?? []).length > 0) require('commands', 'the slash command');
  for (const scope of granted) if (!needed.has(scope)) problems.push(`${scope} is requested but no call, event or feature needs it`);
  return problems;
}

describe('manifest.yml', () => {
  it("is valid against Slack's manifest schema", () => {
    const result = slackManifestSchema.safeParse(manifest);
    expect(result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([]);
  });

  it('declares a Socket Mode app with interactivity and the default slash command', () => {
    expect(manifest.settings).toMatchObject({ socket_mode_enabled: true, interactivity: { is_enabled: true } });
    const defaults = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' });
    const command = manifest.features?.slash_commands?.[0];
    expect(command?.command).toBe(defaults.ok && defaults.config.slack.command);
    expect(command?.usage_hint).toBeDefined();
    expect(command?.url).toBeUndefined(); // Socket Mode needs no URL
  });

  it('finds the Web API calls and events in src/ (the scan itself works)', () => {
    const calls = webApiCalls(sources);
    expect(calls).toEqual(expect.arrayContaining(['chat.postMessage', 'chat.update', 'conversations.join', 'usergroups.users.list', 'users.conversations', 'views.publish']));
    expect(webApiCalls(['await this.client.usergroups.users.list({})', "client.apiCall('dnd.info', {})", 'client.chat\n      .postMessage('])).toEqual([
      'chat.postMessage',
      'dnd.info',
      'usergroups.users.list',
    ]);
    expect(eventsHandled(sources)).toEqual(['app_home_opened', 'member_joined_channel']);
  });

  it('asks for exactly the bot scopes that the Web API calls, the events and the slash command need', () => {
    expect(scopeProblems(webApiCalls(sources), eventsHandled(sources), manifest)).toEqual([]);
  });

  it('fails on a method missing from the table, a scope the manifest lacks, and a scope nothing needs', () => {
    const withScopes = (bot: string[]): SlackManifest => ({ ...manifest, oauth_config: { scopes: { bot } } });
    const bot = manifest.oauth_config?.scopes?.bot ?? [];
    expect(scopeProblems(['dnd.info'], [], manifest)).toContain('dnd.info is called but missing from the method → scope table');
    expect(scopeProblems(webApiCalls(sources), eventsHandled(sources), withScopes(bot.filter((s) => s !== 'channels:join')))).toEqual([
      'conversations.join needs channels:join, which the manifest lacks',
    ]);
    expect(scopeProblems(webApiCalls(sources), eventsHandled(sources), withScopes([...bot, 'users:read']))).toEqual([
      'users:read is requested but no call, event or feature needs it',
    ]);
    expect(scopeProblems(webApiCalls(sources), ['reaction_added'], manifest)).toContain('event reaction_added is handled but missing from the event → scope table');
  });

  it('subscribes to exactly the events the bot handles, with the Home tab and a read-only Messages tab', () => {
    expect([...(manifest.settings?.event_subscriptions?.bot_events ?? [])].sort()).toEqual(eventsHandled(sources));
    // The Home tab needs home_tab_enabled; "Open jobs" posts to the user's id, which lands in the Messages tab.
    expect(manifest.features?.app_home).toEqual({ home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: true });
  });

  it('stays valid in its documented HTTP variant', () => {
    const url = 'https://bot.example.com/slack/events';
    const http = {
      ...manifest,
      features: { ...manifest.features, slash_commands: manifest.features?.slash_commands?.map((c) => ({ ...c, url })) },
      settings: {
        ...manifest.settings,
        socket_mode_enabled: false,
        interactivity: { is_enabled: true, request_url: url },
        event_subscriptions: { ...manifest.settings?.event_subscriptions, request_url: url },
      },
    };
    expect(slackManifestSchema.safeParse(http).success).toBe(true);
    const text = readFileSync(join(ROOT, 'manifest.yml'), 'utf8');
    expect(text).toContain('interactivity.request_url');
    expect(text).toContain('event_subscriptions.request_url');
  });

  it('fails the schema on the mistakes people make', () => {
    expect(slackManifestSchema.safeParse({ ...manifest, features: { slash_commands: [{ command: 'nebula', description: 'x' }] } }).success).toBe(false);
    expect(slackManifestSchema.safeParse({ ...manifest, settings: { interactivity: {} } }).success).toBe(false);
    expect(slackManifestSchema.safeParse({ ...manifest, display_information: { name: 'x'.repeat(36) } }).success).toBe(false);
    expect(slackManifestSchema.safeParse({ ...manifest, settings: { event_subscriptions: { bot_events: ['app_home_opened', 'app_home_opened'] } } }).success).toBe(false);
    expect(slackManifestSchema.safeParse({ ...manifest, features: { app_home: { home_tab: true } } }).success).toBe(false);
  });
});
