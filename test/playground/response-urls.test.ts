import { ResponseUrls } from '../../src/playground/response-urls';
import { Workspace } from '../../src/playground/workspace';

describe('response_urls, as Slack honours them', () => {
  let clock = Date.parse('2026-12-01T10:00:00Z');
  const now = (): Date => new Date(clock);
  let workspace: Workspace;
  let urls: ResponseUrls;
  const idOf = (url: string): string => url.slice(url.lastIndexOf('/') + 1);
  const send = (url: string, body: unknown) => urls.receive(idOf(url), JSON.stringify(body));
  const command = { kind: 'command' as const, userId: 'U0PLAYADA', channelId: 'C0PLAYOPS', commandText: '/nebula-jobs list share' };

  beforeEach(() => {
    workspace = new Workspace(now);
    urls = new ResponseUrls(workspace, () => 'http://127.0.0.1:1', now);
  });

  it('posts an ephemeral message to the one who asked, by default', () => {
    const url = urls.issue(command);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:1\/response\/[0-9a-f]{24}$/);
    expect(send(url, { text: 'only you' })).toEqual({ status: 200, body: { ok: true } });
    expect(workspace.all()).toEqual([expect.objectContaining({ channel: 'C0PLAYOPS', author: { kind: 'bot' }, visibleTo: 'U0PLAYADA', text: 'only you' })]);
  });

  it('posts in_channel answers for everyone, after the command that asked, shown once', () => {
    const url = urls.issue(command);
    send(url, { response_type: 'in_channel', text: 'shared' });
    send(url, { response_type: 'in_channel', text: 'again' });
    expect(workspace.all().map((m) => [m.author.kind, m.text, m.visibleTo])).toEqual([
      ['user', '/nebula-jobs list share', undefined],
      ['bot', 'shared', undefined],
      ['bot', 'again', undefined],
    ]);
  });

  it('replaces or deletes the clicked message, ephemeral or not; a command has no original to replace', () => {
    const clicked = workspace.post({ channel: 'C0PLAYOPS', author: { kind: 'bot' }, text: 'list', visibleTo: 'U0PLAYADA' });
    const click = urls.issue({ kind: 'interaction', userId: 'U0PLAYADA', channelId: 'C0PLAYOPS', messageTs: clicked.ts });
    send(click, { replace_original: true, text: 'page 2', blocks: [{ type: 'divider' }] });
    expect(workspace.find('C0PLAYOPS', clicked.ts)).toMatchObject({
      text: 'page 2',
      visibleTo: 'U0PLAYADA',
      edited: true,
      blocks: [{ type: 'divider', block_id: expect.any(String) }],
    });
    send(click, { replace_original: false, response_type: 'ephemeral', text: 'details' });
    expect(workspace.all().map((m) => m.text)).toEqual(['page 2', 'details']);
    expect(send(click, { delete_original: true })).toEqual({ status: 200, body: { ok: true } });
    expect(workspace.all().map((m) => m.text)).toEqual(['details']);

    send(urls.issue(command), { replace_original: true, text: 'new' });
    expect(workspace.all().map((m) => m.text)).toEqual(['details', 'new']);
  });

  it('answers threads in their thread', () => {
    const parent = workspace.post({ channel: 'C0PLAYALERTS', author: { kind: 'bot' }, text: 'alert' });
    const reply = workspace.post({ channel: 'C0PLAYALERTS', author: { kind: 'bot' }, text: 'follow-up', threadTs: parent.ts });
    send(urls.issue({ kind: 'interaction', userId: 'U0PLAYLI', channelId: 'C0PLAYALERTS', messageTs: reply.ts, threadTs: parent.ts }), { text: 'detail' });
    expect(workspace.all().find((m) => m.text === 'detail')).toMatchObject({ threadTs: parent.ts, visibleTo: 'U0PLAYLI' });
  });

  it('refuses empty bodies, a sixth use, old and unknown urls, as Slack does', () => {
    const url = urls.issue(command);
    expect(send(url, {})).toEqual({ status: 400, body: { ok: false, error: 'no_text' } });
    for (let i = 0; i < 4; i += 1) expect(send(url, { text: `use ${i + 2}` }).status).toBe(200);
    expect(send(url, { text: 'sixth' })).toEqual({ status: 404, body: { ok: false, error: 'used_url' } });
    const old = urls.issue(command);
    clock += 31 * 60_000;
    expect(send(old, { text: 'late' })).toEqual({ status: 404, body: { ok: false, error: 'expired_url' } });
    expect(urls.receive('nope', '{"text":"x"}')).toEqual({ status: 404, body: { ok: false, error: 'invalid_url' } });
    expect(urls.receive(idOf(urls.issue(command)), 'not json')).toEqual({ status: 400, body: { ok: false, error: 'invalid_payload' } });
  });
});
