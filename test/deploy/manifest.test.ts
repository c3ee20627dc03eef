import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/env';
import { SlackManifest, slackManifestSchema } from '../support/slack-manifest-schema';

const manifest = parse(readFileSync(join(__dirname, '..', '..', 'manifest.yml'), 'utf8')) as SlackManifest;

describe('manifest.yml', () => {
  it('is valid against Slack\'s manifest schema', () => {
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

  it('asks for exactly the scopes the bot uses', () => {
    expect([...(manifest.oauth_config?.scopes?.bot ?? [])].sort()).toEqual(
      ['channels:read', 'chat:write', 'chat:write.public', 'commands', 'groups:read', 'usergroups:read', 'users:read'].sort(),
    );
  });

  it('stays valid in its documented HTTP variant', () => {
    const url = 'https://bot.example.com/slack/events';
    const http = {
      ...manifest,
      features: { ...manifest.features, slash_commands: manifest.features?.slash_commands?.map((c) => ({ ...c, url })) },
      settings: { ...manifest.settings, socket_mode_enabled: false, interactivity: { is_enabled: true, request_url: url } },
    };
    expect(slackManifestSchema.safeParse(http).success).toBe(true);
    expect(readFileSync(join(__dirname, '..', '..', 'manifest.yml'), 'utf8')).toContain('request_url');
  });

  it('fails the schema on the mistakes people make', () => {
    expect(slackManifestSchema.safeParse({ ...manifest, features: { slash_commands: [{ command: 'nebula', description: 'x' }] } }).success).toBe(false);
    expect(slackManifestSchema.safeParse({ ...manifest, settings: { interactivity: {} } }).success).toBe(false);
    expect(slackManifestSchema.safeParse({ ...manifest, display_information: { name: 'x'.repeat(36) } }).success).toBe(false);
  });
});
