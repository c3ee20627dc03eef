import { ActionId } from '../../src/slack/interactive/action-ids';
import { type Harness, type HarnessOptions, startHarness as startWith } from '../support/bot-harness';
import { expectValidMessage, interactiveElements, type ResponsePost, type SentRequest } from '../support/slack-fake';

type Message = { text?: string; blocks?: Array<Record<string, unknown>>; replace_original?: boolean; response_type?: string };

const HOUR = 3_600_000;

function sectionTexts(message: Message): string[] {
  return (message.blocks ?? []).filter((b) => b.type === 'section').map((b) => String((b.text as { text?: string } | undefined)?.text ?? ''));
}

function jobIdsShown(message: Message): number[] {
  return sectionTexts(message)
    .map((text) => /^\*(\d+)\*/.exec(text)?.[1])
    .filter((id): id is string => id !== undefined)
    .map(Number);
}

function contextTexts(message: Message): string {
  return (message.blocks ?? [])
    .filter((b) => b.type === 'context')
    .flatMap((b) => (b.elements as Array<{ text?: string }>).map((e) => e.text ?? ''))
    .join('\n');
}

describe.each(['http', 'socket'] as const)('list, page, filter and detail jobs through Slack (%s)', (mode) => {
  let h: Harness;
  afterEach(async () => h?.close());
  const startHarness = (options: HarnessOptions = {}): Promise<Harness> => startWith({ mode, ...options });

  async function clicked(sent: SentRequest): Promise<Message> {
    expect(sent.status).toBe(200);
    const post: ResponsePost = await h.slack.waitForResponse(sent.responseUrl);
    expectValidMessage(post.body);
    return post.body as Message;
  }

  it('pages through 2,000 jobs, filters with both selects, refreshes and opens details', async () => {
    h = await startHarness();
    const now = Date.now();
    // 2,000 jobs over the last 6 days: every 10th FAILED, every 25th STOPPED, the newest RUNNING.
    h.graphd.addJobs('nba', 2000, (i) => {
      const start = new Date(now - (2000 - i) * 4 * 60_000);
      const status = i === 1999 ? 'RUNNING' : i % 10 === 0 ? 'FAILED' : i % 25 === 0 ? 'STOPPED' : 'FINISHED';
      return { command: ['COMPACT', 'FLUSH', 'STATS'][i % 3], status, startTime: start, stopTime: status === 'RUNNING' ? null : new Date(start.getTime() + 60_000) };
    });

    const reply = await h.command('list nba');
    expectValidMessage(reply.body);
    const first = reply.body as Message;
    expect(first.response_type).toBe('ephemeral');
    expect(jobIdsShown(first)).toHaveLength(10);
    expect(contextTexts(first)).toContain('Page 1 of 200');
    expect(contextTexts(first)).toContain('2000 of 2000 jobs match');
    const newest = Math.max(...h.graphd.jobs('nba').map((j) => j.id));
    expect(jobIdsShown(first)[0]).toBe(newest);
    expect(interactiveElements(first).map((e) => e.actionId)).not.toContain(ActionId.listPrevious);

    const second = await clicked(await h.user.click(first, { actionId: ActionId.listNext }));
    expect(second.replace_original).toBe(true);
    expect(contextTexts(second)).toContain('Page 2 of 200');
    expect(Math.max(...jobIdsShown(second))).toBeLessThan(Math.min(...jobIdsShown(first)));

    const back = await clicked(await h.user.click(second, { actionId: ActionId.listPrevious }));
    expect(jobIdsShown(back)).toEqual(jobIdsShown(first));

    const failed = await clicked(await h.user.click(back, { actionId: ActionId.listStatus, option: 'FAILED' }));
    expect(contextTexts(failed)).toContain('*Status:* FAILED');
    expect(contextTexts(failed)).toContain('Page 1 of 20');
    for (const id of jobIdsShown(failed)) expect(h.graphd.job('nba', id)?.status).toBe('FAILED');

    const recent = await clicked(await h.user.click(failed, { actionId: ActionId.listRange, option: '12h' }));
    expect(contextTexts(recent)).toContain('Last 12 hours');
    const cutoff = now - 12 * HOUR - 60_000;
    for (const id of jobIdsShown(recent)) {
      const job = h.graphd.job('nba', id);
      expect(job?.status).toBe('FAILED');
      expect((job?.start ?? 0) * 1000).toBeGreaterThanOrEqual(cutoff);
    }

    // Refresh re-reads graphd: a job that failed meanwhile shows up.
    const fresh = h.graphd.addJob('nba', { command: 'FLUSH', status: 'FAILED' });
    const refreshed = await clicked(await h.user.click(recent, { actionId: ActionId.listRefresh }));
    expect(jobIdsShown(refreshed)[0]).toBe(fresh);

    const detailClick = await h.user.click(refreshed, { actionId: ActionId.jobDetails, value: `J2|default|nba|${fresh}` });
    const detail = await clicked(detailClick);
    expect(detail.replace_original).toBe(false);
    expect(JSON.stringify(detail.blocks)).toContain(`Job ${fresh} · FLUSH`);
  });

  it('shares a list in the channel only when asked', async () => {
    h = await startHarness();
    h.graphd.addJob('nba', { command: 'COMPACT', status: 'FINISHED' });
    expect((await h.command('list nba share')).body.response_type).toBe('in_channel');
    expect((await h.command('list nba')).body.response_type).toBe('ephemeral');
  });

  it('shows a storage job with its tasks, error codes in plain words and the summary', async () => {
    h = await startHarness();
    const id = h.graphd.addJob('nba', { command: 'STATS', status: 'RUNNING' });
    h.graphd.setJobStatus('nba', id, 'RUNNING');
    h.graphd.setJobStatus('nba', id, 'FAILED', { errorCode: 'E_RPC_FAILURE' });
    const reply = await h.command(`show ${id} nba`);
    expectValidMessage(reply.body);
    const text = JSON.stringify(reply.body);
    expect(text).toContain(`Job ${id} · STATS`);
    expect(text).toContain('E_RPC_FAILURE');
    expect(text).toContain('metad could not reach a storaged');
    expect(text).toContain('storaged2');
    expect(text).toContain('*3* tasks');
    expect(text).toContain('1 failed');
    expect(interactiveElements(reply.body).map((e) => e.actionId)).toEqual([ActionId.jobRefresh, ActionId.jobRecover]);
  });

  it('shows a balance job in its own layout and stays within limits with thousands of tasks', async () => {
    h = await startHarness();
    const tasks = Array.from({ length: 3000 }, (_, i) => ({
      partId: i + 1,
      src: `storaged${i % 3}:9779`,
      dst: `storaged${(i + 1) % 3}:9779`,
      status: i % 7 === 0 ? 'FAILED' : 'SUCCEEDED',
    }));
    const id = h.graphd.addJob('nba', { command: 'ZONE_BALANCE', status: 'FAILED', balanceTasks: tasks, errorCode: 'E_BALANCER_FAILURE' });
    const reply = await h.command(`show ${id}`, {});
    // No space named and no default: the bot says how to choose one.
    expect(JSON.stringify(reply.body)).toContain('Which graph space?');
    const shown = await h.command(`show ${id} nba`);
    expectValidMessage(shown.body);
    const text = JSON.stringify(shown.body);
    expect(text).toContain('DATA_BALANCE');
    expect(text).toContain('storaged0:9779-&gt;storaged1:9779');
    expect(text).toContain('of 3000 tasks');
    expect(text).toContain('invalid');
  });

  it('refreshes a detail in place', async () => {
    h = await startHarness();
    const id = h.graphd.addJob('nba', { command: 'COMPACT', status: 'QUEUE' });
    const first = (await h.command(`show ${id} nba`)).body as Message;
    expect(JSON.stringify(first)).toContain('QUEUE');
    h.graphd.setJobStatus('nba', id, 'RUNNING');
    const after = await clicked(await h.user.click(first, { actionId: ActionId.jobRefresh }));
    expect(after.replace_original).toBe(true);
    expect(JSON.stringify(after)).toContain(':arrows_counterclockwise: RUNNING');
  });

  it('lists spaces and keeps a channel default space', async () => {
    h = await startHarness({ spaces: ['nba', 'ldbc'] });
    h.graphd.addJob('ldbc', { command: 'FLUSH', status: 'FINISHED' });
    const spaces = JSON.stringify((await h.command('spaces')).body);
    expect(spaces).toContain('`ldbc`');
    expect(spaces).toContain('`nba`');

    expect(JSON.stringify((await h.command('use')).body)).toContain('no default space');
    expect(JSON.stringify((await h.command('use nope')).body)).toContain('does not exist');
    expect(JSON.stringify((await h.command('use ldbc')).body)).toContain('is now this channel');
    expect(JSON.stringify((await h.command('use')).body)).toContain('`ldbc`');
    const listed = (await h.command('list')).body as Message;
    expect(JSON.stringify(listed)).toContain('Jobs in ldbc');
    // Another channel has its own default (none).
    expect(JSON.stringify((await h.command('list', { channelId: 'C2' })).body)).toContain('Which graph space?');
  });

  it('uses DEFAULT_SPACE when the channel has none', async () => {
    h = await startHarness({ env: { DEFAULT_SPACE: 'nba' } });
    expect(JSON.stringify((await h.command('list')).body)).toContain('Jobs in nba');
  });

  it('answers help, also for an empty command', async () => {
    h = await startHarness();
    for (const text of ['', 'help']) {
      const reply = await h.command(text);
      expectValidMessage(reply.body);
      expect(JSON.stringify(reply.body)).toContain('list [space]');
      expect(JSON.stringify(reply.body)).toContain('ACCESS_FILE');
    }
  });

  // Signatures belong to HTTP mode; Socket Mode envelopes are acknowledged on the socket (socket-mode tests).
  if (mode === 'http')
    it('acks at once, with an empty 200, and refuses unsigned or stale requests', async () => {
      h = await startHarness();
      const ok = await h.user.runCommand('help');
      expect(ok.status).toBe(200);
      expect(ok.body).toBe('');
      expect((await h.user.runCommand('help', { signWith: 'wrong-secret' })).status).toBe(401);
      expect((await h.user.runCommand('help', { ageSeconds: 6 * 60 })).status).toBe(401);
    });
});
