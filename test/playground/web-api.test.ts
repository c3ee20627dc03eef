import { webApi } from '@slack/bolt';
import { createLogger } from '../../src/logging/logger';
import { SlackStandIn } from '../../src/playground/server';

/** The stand-in's Web API, called with Slack's own WebClient (form-encoded, as the bot calls it). */
describe("the playground's Web API", () => {
  const token = 'xoxb-playground-test';
  let standIn: SlackStandIn;
  let client: webApi.WebClient;

  beforeEach(async () => {
    standIn = await SlackStandIn.start({ port: 0, botToken: token, command: '/nebula-jobs', logger: createLogger({ level: 'error', write: () => undefined }) });
    client = new webApi.WebClient(token, { slackApiUrl: standIn.apiUrl, retryConfig: { retries: 0 }, logLevel: webApi.LogLevel.ERROR });
  });
  afterEach(async () => standIn.close());

  it('answers auth.test as the bot user, and refuses another token', async () => {
    expect(await client.auth.test()).toMatchObject({ ok: true, user_id: 'U0PLAYBOT', bot_id: 'B0PLAYBOT', team_id: 'T0PLAYGRND' });
    const stranger = new webApi.WebClient('xoxb-wrong', { slackApiUrl: standIn.apiUrl, retryConfig: { retries: 0 }, logLevel: webApi.LogLevel.ERROR });
    await expect(stranger.auth.test()).rejects.toMatchObject({ data: { ok: false, error: 'invalid_auth' } });
  });

  it('posts messages and thread replies, and updates them', async () => {
    const posted = await client.chat.postMessage({ channel: 'C0PLAYALERTS', text: 'alert', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*alert*' } }] });
    expect(posted).toMatchObject({ ok: true, channel: 'C0PLAYALERTS', ts: expect.stringMatching(/^\d{10}\.\d{6}$/), message: { text: 'alert', bot_id: 'B0PLAYBOT' } });
    const reply = await client.chat.postMessage({ channel: 'C0PLAYALERTS', text: 'follow-up', thread_ts: posted.ts });
    expect(standIn.workspace.find('C0PLAYALERTS', reply.ts as string)?.threadTs).toBe(posted.ts);
    expect(standIn.workspace.replyCount('C0PLAYALERTS', posted.ts as string)).toBe(1);
    // Slack gives blocks without an id one of its own.
    expect(standIn.workspace.find('C0PLAYALERTS', posted.ts as string)?.blocks[0].block_id).toEqual(expect.any(String));

    expect(await client.chat.update({ channel: 'C0PLAYALERTS', ts: posted.ts as string, text: 'updated' })).toMatchObject({ ok: true, ts: posted.ts });
    expect(standIn.workspace.find('C0PLAYALERTS', posted.ts as string)).toMatchObject({ text: 'updated', edited: true });
    await expect(client.chat.update({ channel: 'C0PLAYALERTS', ts: '1.000001', text: 'x' })).rejects.toMatchObject({ data: { error: 'message_not_found' } });
    await expect(client.chat.postMessage({ channel: 'C0NOWHERE', text: 'x' })).rejects.toMatchObject({ data: { error: 'channel_not_found' } });
    await expect(client.chat.postMessage({ channel: 'C0PLAYOPS', text: '' })).rejects.toMatchObject({ data: { error: 'no_text' } });
  });

  it('posts ephemeral messages to one user, which chat.update cannot change', async () => {
    const answer = await client.chat.postEphemeral({ channel: 'C0PLAYOPS', user: 'U0PLAYLI', text: 'for Li' });
    expect(answer).toMatchObject({ ok: true, message_ts: expect.any(String) });
    expect(standIn.workspace.find('C0PLAYOPS', answer.message_ts as string)?.visibleTo).toBe('U0PLAYLI');
    await expect(client.chat.update({ channel: 'C0PLAYOPS', ts: answer.message_ts as string, text: 'x' })).rejects.toMatchObject({ data: { error: 'cant_update_message' } });
  });

  it('joins channels, lists user-group members, and says so for what it does not know', async () => {
    expect(await client.conversations.join({ channel: 'C0PLAYOPS' })).toMatchObject({ ok: true, channel: { id: 'C0PLAYOPS', name: 'ops' } });
    expect(await client.usergroups.users.list({ usergroup: 'S0PLAYONCALL' })).toMatchObject({ ok: true, users: ['U0PLAYADA', 'U0PLAYLI'] });
    await expect(client.usergroups.users.list({ usergroup: 'S0NONE' })).rejects.toMatchObject({ data: { error: 'no_such_subteam' } });
    await expect(client.apiCall('admin.users.remove', {})).rejects.toMatchObject({ data: { error: 'unknown_method' } });
  });

  it('keeps a published Home view per user and shows it to the page', async () => {
    const published = await client.views.publish({ user_id: 'U0PLAYSAM', view: { type: 'home', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'Your jobs' } }] } });
    expect(published).toMatchObject({ ok: true, view: { id: expect.stringMatching(/^V/), type: 'home' } });
    const state = (await (await fetch(`${standIn.baseUrl}/playground/state`)).json()) as { homes: Array<{ userId: string; html: string }> };
    expect(state.homes).toEqual([{ userId: 'U0PLAYSAM', viewId: published.view?.id, html: '<div class="blk blk-header">Your jobs</div>' }]);
    await expect(client.views.publish({ user_id: 'U0PLAYSAM', view: { type: 'modal', title: { type: 'plain_text', text: 'x' }, blocks: [] } })).rejects.toMatchObject({
      data: { error: 'invalid_arguments' },
    });
  });

  it('pushes each change to the open pages as a Server-Sent Event', async () => {
    const response = await fetch(`${standIn.baseUrl}/playground/events`);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const posted = client.chat.postMessage({ channel: 'C0PLAYOPS', text: 'live :bell:' });
    let received = '';
    while (!received.includes('live 🔔')) received += new TextDecoder().decode((await reader.read()).value);
    expect(received).toContain('event: message\ndata: {"channel":"C0PLAYOPS"');
    expect(received).toContain(`"ts":"${(await posted).ts}"`);
    await reader.cancel();
  });
});
