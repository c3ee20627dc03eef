import { webApi } from '@slack/bolt';
import { createLogger } from '../../../src/logging/logger';
import { SlackGroupDirectory } from '../../../src/slack/web-api/slack-group-directory';
import { SlackFake } from '../../support/slack-fake';

describe('SlackGroupDirectory', () => {
  let slack: SlackFake;
  let directory: SlackGroupDirectory;
  beforeEach(async () => {
    slack = await SlackFake.start();
    const client = new webApi.WebClient('xoxb-test', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
    directory = new SlackGroupDirectory(client, createLogger({ level: 'error', write: () => undefined }));
  });
  afterEach(async () => slack.close());

  const lookups = (): number => slack.callsTo('usergroups.users.list').length;

  it('re-reads membership for decisions, so a removed member loses the group at once', async () => {
    slack.setUserGroup('SONCALL', ['U1']);
    expect(await directory.isMember('SONCALL', 'U1')).toBe(true);
    slack.setUserGroup('SONCALL', []);
    expect(await directory.isMember('SONCALL', 'U1', 'fresh')).toBe(false);
    expect(lookups()).toBe(2);
  });

  it('answers reads from a cache the decisions keep fresh', async () => {
    slack.setUserGroup('SONCALL', ['U1']);
    expect(await directory.isMember('SONCALL', 'U1', 'cached')).toBe(true);
    expect(await directory.isMember('SONCALL', 'U1', 'cached')).toBe(true);
    expect(lookups()).toBe(1);
    slack.setUserGroup('SONCALL', []);
    expect(await directory.isMember('SONCALL', 'U1', 'fresh')).toBe(false);
    expect(await directory.isMember('SONCALL', 'U1', 'cached')).toBe(false);
    expect(lookups()).toBe(2);
  });

  it('shares one lookup between decisions asked at the same moment', async () => {
    slack.setUserGroup('SONCALL', ['U1', 'U2']);
    const answers = await Promise.all(['U1', 'U2', 'U3'].map((user) => directory.isMember('SONCALL', user, 'fresh')));
    expect(answers).toEqual([true, true, false]);
    expect(lookups()).toBe(1);
  });

  it('says "unknown" when Slack cannot tell, even with an older answer cached', async () => {
    slack.setUserGroup('SONCALL', ['U1']);
    expect(await directory.isMember('SONCALL', 'U1', 'cached')).toBe(true);
    slack.failNext('usergroups.users.list', { error: 'ratelimited' });
    expect(await directory.isMember('SONCALL', 'U1', 'fresh')).toBeNull();
  });
});
