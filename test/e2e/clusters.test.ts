import { ActionId } from '../../src/slack/interactive/action-ids';
import { type Harness, type HarnessOptions, startHarness } from '../support/bot-harness';
import type { FakeGraphd } from '../support/graphd';
import { expectValidMessage, interactiveElements, type PostedMessage, type ResponsePost, type SentRequest } from '../support/slack-fake';
import { waitUntil } from '../support/wait-until';

/**
 * One bot, two NebulaGraph clusters (two fake graphds on loopback, a CLUSTERS_FILE): the main
 * stories work on both, a name in both must be told apart, and each cluster's outage is its own.
 */

type Message = { text?: string; blocks?: Array<Record<string, unknown>>; replace_original?: boolean; response_type?: string };

const POLICY = {
  rules: [
    { subjects: ['UADMIN'], spaces: ['*'], role: 'admin' },
    { subjects: ['UOPS'], spaces: ['*'], role: 'operator' },
    { subjects: ['UPRODOPS'], spaces: ['prod/*'], role: 'operator' },
    { subjects: ['UNBA'], spaces: ['*/nba'], role: 'operator' },
    { subjects: ['UPRODNBA'], spaces: ['prod/nba'], role: 'operator' },
    { subjects: ['UBARE'], spaces: ['ldbc'], role: 'operator' },
  ],
  approvals: { stop: 'required', recover: 'none', channel: 'CAPPROVE', expiresMinutes: 30, adminsBypass: false },
};

const text = (value: unknown): string => JSON.stringify(value);

function jobIdsShown(message: Message): number[] {
  return (message.blocks ?? [])
    .filter((b) => b.type === 'section')
    .map((b) => /^\*(\d+)\*/.exec(String((b.text as { text?: string } | undefined)?.text ?? ''))?.[1])
    .filter((id): id is string => id !== undefined)
    .map(Number);
}

describe('several NebulaGraph clusters from one bot', () => {
  let h: Harness;
  let prod: FakeGraphd;
  let staging: FakeGraphd;
  afterEach(async () => h?.close());

  async function start(options: HarnessOptions = {}): Promise<void> {
    h = await startHarness({
      policy: POLICY,
      clusters: { prod: { spaces: ['nba', 'fraud'], version: '3.8.0' }, staging: { spaces: ['nba', 'ldbc'], version: '3.6.0' } },
      ...options,
    });
    prod = h.graphds.prod;
    staging = h.graphds.staging;
  }

  async function clicked(sent: SentRequest): Promise<Message> {
    expect(sent.status).toBe(200);
    const post: ResponsePost = await h.slack.waitForResponse(sent.responseUrl);
    expectValidMessage(post.body);
    return post.body as Message;
  }

  async function ask(command: string, options: { userId?: string; channelId?: string } = {}): Promise<Message> {
    const reply = await h.command(command, options);
    expectValidMessage(reply.body);
    return reply.body as Message;
  }

  async function poll(): Promise<void> {
    await h.bot.poller.pollOnce();
    await h.bot.sender.idle();
  }

  const topLevel = (channel: string): PostedMessage[] => h.slack.messagesIn(channel).filter((m) => !m.threadTs);

  it('lists, filters and details jobs of either cluster, each read from its own graphd', async () => {
    await start();
    const prodJobs = [prod.addJob('nba', { command: 'COMPACT', status: 'FINISHED' }), prod.addJob('nba', { command: 'STATS', status: 'FAILED' })];
    const stagingJobs = [
      staging.addJob('nba', { command: 'FLUSH', status: 'FINISHED' }),
      staging.addJob('nba', { command: 'FLUSH', status: 'STOPPED' }),
      staging.addJob('nba', { command: 'STATS', status: 'FAILED' }),
    ];
    const prodMark = prod.mark();
    const stagingMark = staging.mark();

    const prodList = await ask('list prod/nba');
    expect(prodList.blocks?.[0]).toMatchObject({ type: 'header', text: { text: 'Jobs in prod/nba' } });
    expect(jobIdsShown(prodList).sort()).toEqual([...prodJobs].sort());
    expect(prod.statements({ from: prodMark })).toContain('USE `nba`; SHOW JOBS');
    expect(staging.statements({ from: stagingMark }).filter((s) => s.includes('SHOW JOBS'))).toEqual([]);

    const stagingList = await ask('list staging/nba status=failed,stopped');
    expect(stagingList.blocks?.[0]).toMatchObject({ text: { text: 'Jobs in staging/nba' } });
    expect(text(stagingList)).toContain('*Status:* FAILED, STOPPED');
    expect(jobIdsShown(stagingList).sort()).toEqual(stagingJobs.slice(1).sort());

    // The filter select redraws the same cluster's space.
    const finished = await clicked(await h.user.click(stagingList, { actionId: ActionId.listStatus, option: 'FINISHED' }));
    expect(finished.blocks?.[0]).toMatchObject({ text: { text: 'Jobs in staging/nba' } });
    expect(jobIdsShown(finished)).toEqual([stagingJobs[0]]);

    const detail = await ask(`show ${prodJobs[1]} prod/nba`);
    expect(text(detail)).toContain(`Job ${prodJobs[1]} · STATS`);
    expect(text(detail)).toContain('`prod/nba`');
    // Details from a staging list is staging's job, even though prod has a job with that id too.
    const details = await clicked(await h.user.click(finished, { actionId: ActionId.jobDetails }));
    expect(text(details)).toContain(`Job ${stagingJobs[0]} · FLUSH`);
    expect(text(details)).toContain('`staging/nba`');
  });

  it('asks which cluster when a bare name is in both, and takes a bare name that is in one', async () => {
    await start();
    const both = await ask('list nba');
    expect(text(both)).toContain('exists in 2 clusters');
    expect(text(both)).toContain('Say which: `prod/nba`, `staging/nba`');
    expect(text(await ask('list fraud'))).toContain('Jobs in prod/fraud');
    expect(text(await ask('list ldbc'))).toContain('Jobs in staging/ldbc');
    expect(text(await ask('list nope'))).toContain('does not exist in `prod`, `staging`');
    expect(text(await ask('list prod/ldbc'))).toContain('does not exist or the bot cannot see it');
    expect(text(await ask('list prod'))).toContain('`prod` is a cluster, not a space');
    expect(text(await ask('list prod/'))).toContain('Which space of `prod`?');
  });

  it('shows the clusters with state and version, and the spaces of one or all', async () => {
    await start();
    // The version is read once each cluster's connection is ready.
    await waitUntil(() => (h.bot.nebula?.clusters() ?? []).every((c) => c.version !== null), "both clusters' versions");
    const clusters = text(await ask('clusters'));
    expect(clusters).toContain('2 clusters');
    expect(clusters).toMatch(/`prod` {2}:large_green_circle: connected, graphd 3\.8\.0/);
    expect(clusters).toMatch(/`staging` {2}:large_green_circle: connected, graphd 3\.6\.0/);
    const all = text(await ask('spaces'));
    for (const label of ['prod/fraud', 'prod/nba', 'staging/ldbc', 'staging/nba']) expect(all).toContain(`\`${label}\``);
    const prodOnly = text(await ask('spaces prod'));
    expect(prodOnly).toContain('`prod/nba`');
    expect(prodOnly).not.toContain('staging');
    expect(text(await ask('spaces qa'))).toContain('serves no cluster named `qa`');
  });

  it('sets a channel default to a cluster (bare names resolve there) or to one space', async () => {
    await start();
    expect(text(await ask('use prod/', { userId: 'UOPS', channelId: 'CPROD' }))).toContain("The cluster `prod` is now this channel's default");
    const bare = await ask('list nba', { channelId: 'CPROD' });
    expect(bare.blocks?.[0]).toMatchObject({ text: { text: 'Jobs in prod/nba' } });
    // A cluster default looks names up in that cluster only.
    expect(text(await ask('list ldbc', { channelId: 'CPROD' }))).toContain('does not exist or the bot cannot see it');
    expect(text(await ask('list staging/ldbc', { channelId: 'CPROD' }))).toContain('Jobs in staging/ldbc');
    expect(text(await ask('use', { channelId: 'CPROD' }))).toContain('the cluster `prod`');

    expect(text(await ask('use staging/ldbc', { userId: 'UOPS', channelId: 'CSTAGE' }))).toContain("`staging/ldbc` is now this channel's default space");
    expect(text(await ask('list', { channelId: 'CSTAGE' }))).toContain('Jobs in staging/ldbc');
    expect(text(await ask('use', { channelId: 'CSTAGE' }))).toContain('`staging/ldbc`');
    // Setting a default needs operators of the target.
    expect(text(await ask('use staging/', { userId: 'UPRODOPS', channelId: 'CX' }))).toContain('Only operators of `staging/`');
    expect(text(await ask('use prod/', { userId: 'UPRODOPS', channelId: 'CX' }))).toContain("is now this channel's default");
    // An operator of `prod/*` gets past the first check for `ldbc`, but the only `ldbc` is staging's.
    expect(text(await ask('use ldbc', { userId: 'UPRODOPS', channelId: 'CX' }))).toContain(
      "Only operators of `staging/ldbc` can make it this channel's default; you are a viewer there.",
    );
    // A bare cluster name with no space of that name is the whole cluster.
    expect(text(await ask('use staging', { userId: 'UOPS', channelId: 'CY' }))).toContain("The cluster `staging` is now this channel's default");
    expect(text(await ask('use staging', { userId: 'UPRODOPS', channelId: 'CY' }))).toContain(
      "Only operators of `staging/*` can make it this channel's default; you are a viewer there.",
    );
  });

  it("stops a prod job only after approval, sending STOP to prod's graphd alone", async () => {
    await start();
    const id = prod.addJob('nba', { command: 'STATS', status: 'RUNNING' });
    const twin = staging.addJob('nba', { command: 'STATS', status: 'RUNNING' });
    expect(twin).toBe(id); // the same id on both clusters: only the cluster tells them apart
    const requested = await h.act(`stop ${id} prod/nba`, { userId: 'UOPS' });
    expect(text(requested.body)).toContain('asked an admin to approve');
    const request = await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === 'CAPPROVE');
    expect(text(request.args)).toContain('prod/nba');
    const approval = h.slack.messagesIn('CAPPROVE')[0];
    expect(text(approval)).toContain('`prod/nba`');
    const decided = await clicked(await h.as('UADMIN').click(approval, { actionId: ActionId.approve }));
    expect(text(decided)).toMatch(/stopped job \d+; it is now \*STOPPED\*/);
    // The requester's own message is redrawn with the outcome.
    await h.slack.waitForResponse((p) => p.url === requested.sent.responseUrl && text(p.body).includes('approved by'));
    expect(prod.statementsMatching(/STOP JOB/).map((e) => e.statement)).toEqual([`USE \`nba\`; STOP JOB ${id}`]);
    expect(staging.statementsMatching(/STOP JOB/)).toEqual([]);
    expect(prod.job('nba', id)?.status).toBe('STOPPED');
    expect(staging.job('nba', twin)?.status).toBe('RUNNING');
    const audit = text(await ask('audit prod/nba', { userId: 'UADMIN' }));
    expect(audit).toContain('*stop* job');
    expect(audit).toContain('in `prod/nba`'); // not a bare `nba`, which staging also has
    expect(text(await ask('audit staging/nba', { userId: 'UADMIN' }))).toContain('No audit entries match');
    // whoami tells the two nba spaces apart: this operator may act on prod's only.
    const whoami = text(await ask('whoami', { userId: 'UPRODNBA' }));
    expect(whoami).toContain('`prod/nba`: *operator*');
    expect(whoami).toContain('`staging/nba`: *viewer*');
  });

  it("alerts a prod failure to channels subscribed to prod/nba, not to those of staging's nba", async () => {
    await start();
    expect(text(await ask('subscribe prod/nba', { userId: 'UADMIN', channelId: 'CPROD' }))).toContain('`prod/nba`');
    expect(text(await ask('subscribe staging/nba', { userId: 'UADMIN', channelId: 'CSTAGE' }))).toContain('`staging/nba`');
    expect(text(await ask('subscribe nba', { userId: 'UADMIN', channelId: 'CX' }))).toContain('exists in 2 clusters');
    const id = prod.addJob('nba', { command: 'STATS', status: 'RUNNING' });
    const twin = staging.addJob('nba', { command: 'STATS', status: 'RUNNING' });
    await poll();
    prod.setJobStatus('nba', id, 'FAILED', { errorCode: 'E_RPC_FAILURE' });
    await poll();
    const alerts = topLevel('CPROD');
    expect(alerts).toHaveLength(1);
    expectValidMessage(alerts[0]);
    expect(text(alerts[0])).toContain(`Job ${id} FAILED in prod/nba`);
    expect(topLevel('CSTAGE')).toEqual([]);
    // Its Details button opens prod's job.
    const details = await clicked(await h.user.click(alerts[0], { actionId: ActionId.jobDetails }));
    expect(text(details)).toContain('`prod/nba`');

    staging.setJobStatus('nba', twin, 'STOPPED');
    await poll();
    expect(topLevel('CSTAGE')).toHaveLength(1);
    expect(text(topLevel('CSTAGE')[0])).toContain(`Job ${twin} STOPPED in staging/nba`);
    expect(topLevel('CPROD')).toHaveLength(1);
    expect(text(await ask('subscriptions', { channelId: 'CPROD' }))).toContain('`prod/nba`: FAILED, STOPPED');
    expect(text(await ask('unsubscribe nba', { userId: 'UADMIN', channelId: 'CSTAGE' }))).toContain('no longer gets alerts for `staging/nba`');
  });

  it('tells only the channels of a cluster that is out of reach, once, and once when it is back', async () => {
    await start({ bot: { nebula: { retryDelayMs: 0, maxRetryDelayMs: 0, reconnectGraceMs: 300 } } });
    await ask('subscribe prod/nba', { userId: 'UADMIN', channelId: 'CPROD' });
    await ask('subscribe staging/nba', { userId: 'UADMIN', channelId: 'CSTAGE' });
    await ask('subscribe staging/ldbc', { userId: 'UADMIN', channelId: 'CSTAGE' });
    await ask('subscribe staging/ldbc', { userId: 'UADMIN', channelId: 'CBOTH' });
    await ask('subscribe prod/fraud', { userId: 'UADMIN', channelId: 'CBOTH' });
    const id = staging.addJob('ldbc', { command: 'STATS', status: 'RUNNING' });
    await poll();
    await staging.stop();
    for (let i = 0; i < 5; i += 1) await poll();
    const outage = (channel: string): PostedMessage[] => topLevel(channel).filter((m) => text(m).includes('cannot reach'));
    expect(outage('CSTAGE')).toHaveLength(1);
    expect(outage('CBOTH')).toHaveLength(1);
    expect(text(outage('CSTAGE')[0])).toContain('NebulaGraph cluster `staging`');
    expect(topLevel('CPROD')).toEqual([]);
    staging.setJobStatus('ldbc', id, 'FAILED');
    await staging.restart();
    // The client reconnects at its own pace (its own tests cover that); the first poll after it has is the one that tells.
    await waitUntil(() => h.bot.nebula?.clusters().find((c) => c.name === 'staging')?.state === 'ready', 'staging reconnected');
    await poll();
    const back = (channel: string): PostedMessage[] => topLevel(channel).filter((m) => text(m).includes('reachable again'));
    expect(back('CSTAGE')).toHaveLength(1);
    expect(back('CBOTH')).toHaveLength(1);
    expect(topLevel('CPROD')).toEqual([]);
    expect(topLevel('CSTAGE').filter((m) => text(m).includes(`Job ${id} FAILED in staging/ldbc`))).toHaveLength(1);
    await poll();
    expect(back('CSTAGE')).toHaveLength(1);
    expect(outage('CSTAGE')).toHaveLength(1);
  });

  it("switches cluster and space in place from a list's and a detail's pickers, keeping the filters", async () => {
    await start();
    const failed = prod.addJob('fraud', { command: 'STATS', status: 'FAILED' });
    prod.addJob('fraud', { command: 'FLUSH', status: 'FINISHED' });
    const stagingFailed = staging.addJob('ldbc', { command: 'COMPACT', status: 'FAILED' });
    const list = await ask('list prod/nba status=failed since=1d share');
    const pickers = interactiveElements(list).filter((e) => e.actionId === ActionId.pickCluster || e.actionId === ActionId.pickSpace);
    expect(pickers.map((e) => e.actionId)).toEqual([ActionId.pickCluster, ActionId.pickSpace]);
    const options = (actionId: string, message: Message): string[] =>
      (
        (message.blocks ?? [])
          .flatMap((b) => (b.elements as Array<{ action_id?: string; options?: Array<{ value: string }> }> | undefined) ?? [])
          .find((e) => e.action_id === actionId)?.options ?? []
      ).map((o) => o.value);
    expect(options(ActionId.pickCluster, list)).toEqual(['prod', 'staging']);
    expect(options(ActionId.pickSpace, list)).toEqual(['fraud', 'nba']);

    const fraud = await clicked(await h.user.click(list, { actionId: ActionId.pickSpace, option: 'fraud' }));
    expect(fraud.replace_original).toBe(true);
    expect(fraud.response_type).toBe('in_channel');
    expect(fraud.blocks?.[0]).toMatchObject({ text: { text: 'Jobs in prod/fraud' } });
    expect(text(fraud)).toContain('*Status:* FAILED');
    expect(text(fraud)).toContain('Last day');
    expect(jobIdsShown(fraud)).toEqual([failed]);

    // Another cluster: its space of the same name, else its first.
    const stagingNba = await clicked(await h.user.click(list, { actionId: ActionId.pickCluster, option: 'staging' }));
    expect(stagingNba.blocks?.[0]).toMatchObject({ text: { text: 'Jobs in staging/nba' } });
    expect(options(ActionId.pickSpace, stagingNba)).toEqual(['ldbc', 'nba']);
    const stagingFirst = await clicked(await h.user.click(fraud, { actionId: ActionId.pickCluster, option: 'staging' }));
    expect(stagingFirst.blocks?.[0]).toMatchObject({ text: { text: 'Jobs in staging/ldbc' } });
    expect(jobIdsShown(stagingFirst)).toEqual([stagingFailed]);

    // A detail's pickers open the chosen space's list.
    const detail = await ask(`show ${failed} prod/fraud`);
    expect(interactiveElements(detail).map((e) => e.actionId)).toEqual(expect.arrayContaining([ActionId.pickCluster, ActionId.pickSpace, ActionId.jobRefresh]));
    const fromDetail = await clicked(await h.user.click(detail, { actionId: ActionId.pickSpace, option: 'nba' }));
    expect(fromDetail.replace_original).toBe(true);
    expect(fromDetail.blocks?.[0]).toMatchObject({ text: { text: 'Jobs in prod/nba' } });
    expect(text(fromDetail)).toContain('*Status:* all');
  });

  it('offers in the pickers only the spaces the reader may view, and checks the pick again', async () => {
    await start({
      policy: {
        defaultRole: 'none',
        rules: [
          { subjects: ['UPRODNBA'], spaces: ['prod/nba'], role: 'viewer' },
          { subjects: ['UALL'], spaces: ['*'], role: 'viewer' },
        ],
      },
    });
    const mine = await ask('list prod/nba', { userId: 'UPRODNBA' });
    const spaceOptions = (message: Message): string[] =>
      (
        (message.blocks ?? [])
          .flatMap((b) => (b.elements as Array<{ action_id?: string; options?: Array<{ value: string }> }> | undefined) ?? [])
          .find((e) => e.action_id === ActionId.pickSpace)?.options ?? []
      ).map((o) => o.value);
    expect(spaceOptions(mine)).toEqual(['nba']);
    const refused = await clicked(await h.as('UPRODNBA').click(mine, { actionId: ActionId.pickCluster, option: 'staging' }));
    expect(text(refused)).toContain('There is no graph space of `staging` you may view');
    expect(refused.replace_original).toBe(false);
    // A list someone else drew offers their spaces; a pick by another reader is checked for that reader.
    const theirs = await ask('list prod/nba', { userId: 'UALL' });
    expect(spaceOptions(theirs)).toEqual(['fraud', 'nba']);
    const denied = await clicked(await h.as('UPRODNBA').click(theirs, { actionId: ActionId.pickSpace, option: 'fraud' }));
    expect(text(denied)).toContain('You may not view `prod/fraud`');
    // Shared in a channel where spaces are hidden by default: no other space is offered, nor another
    // cluster (a pick would redraw the shared message with a space others may not view), so no menu.
    const shared = await ask('list prod/nba share', { userId: 'UALL' });
    expect(spaceOptions(shared)).toEqual([]);
    expect(text(shared)).not.toContain(ActionId.pickCluster);
  });

  it("keeps the space menu within Slack's 100 options and says how many more there are", async () => {
    await start({
      clusters: { prod: { spaces: Array.from({ length: 150 }, (_, i) => `space_${String(i).padStart(3, '0')}`) }, staging: { spaces: ['nba'] } },
    });
    const list = await ask('list prod/space_120');
    const select = (list.blocks ?? []).flatMap((b) => (b.elements as Array<Record<string, any>> | undefined) ?? []).find((e) => e.action_id === ActionId.pickSpace) as Record<
      string,
      any
    >;
    expect(select.options).toHaveLength(100);
    expect(select.initial_option.value).toBe('space_120');
    expect(text(list)).toContain('The space menu shows 100 of the 150 spaces you may view in `prod`');
    const other = await clicked(await h.user.click(list, { actionId: ActionId.pickSpace, option: select.options[99].value }));
    expect(other.blocks?.[0]).toMatchObject({ text: { text: 'Jobs in prod/space_149' } });
  });

  it('reports each cluster in /healthz: one of two down is degraded (200), both down is 503', async () => {
    let clock = Date.now();
    await start({ bot: { now: () => new Date(clock) } });
    const health = async (): Promise<{ status: number; body: Record<string, any> }> => {
      const response = await fetch(h.healthUrl);
      return { status: response.status, body: (await response.json()) as Record<string, any> };
    };
    await waitUntil(() => (h.bot.nebula?.clusters() ?? []).every((c) => c.version !== null), "both clusters' versions");
    const ok = await health();
    expect(ok.status).toBe(200);
    expect(ok.body.clusters).toMatchObject({
      prod: { state: 'ready', downSince: null, lastError: null, version: '3.8.0' },
      staging: { state: 'ready', downSince: null, lastError: null, version: '3.6.0' },
    });
    expect(ok.body.degraded).toEqual([]);

    await staging.stop();
    expect(text(await ask('list staging/nba'))).toMatch(/cannot reach|not answer|down|lost/i); // the bot notices
    clock += 3 * 60_000;
    const degraded = await health();
    expect(degraded.status).toBe(200);
    expect(degraded.body.problems).toEqual([]);
    expect(degraded.body.degraded).toEqual([expect.stringMatching(/^NebulaGraph cluster staging unreachable since /)]);
    expect(degraded.body.clusters.staging.downSince).not.toBeNull();
    expect(degraded.body.clusters.prod.state).toBe('ready');
    // Prod is served all the while.
    expect(text(await ask('list prod/nba'))).toContain('Jobs in prod/nba');

    await prod.stop();
    expect(text(await ask('list prod/nba'))).toMatch(/cannot reach|not answer|down|lost/i);
    clock += 3 * 60_000;
    const down = await health();
    expect(down.status).toBe(503);
    expect(down.body.problems).toEqual([expect.stringMatching(/^NebulaGraph cluster prod unreachable/), expect.stringMatching(/^NebulaGraph cluster staging unreachable/)]);
    expect(text(down.body)).not.toContain('nba');

    await staging.restart();
    await waitUntil(() => h.bot.nebula?.clusters().find((c) => c.name === 'staging')?.state === 'ready', 'staging reconnected');
    expect(text(await ask('list staging/nba'))).toContain('Jobs in staging/nba');
    const back = await health();
    expect(back.status).toBe(200);
    expect(back.body.degraded).toEqual([expect.stringMatching(/^NebulaGraph cluster prod unreachable/)]);
  });

  it('reads ACCESS_FILE patterns by cluster: prod/*, */nba, prod/nba and a bare nba', async () => {
    await start({
      policy: {
        defaultRole: 'none',
        rules: [
          { subjects: ['UPRODALL'], spaces: ['prod/*'], role: 'viewer' },
          { subjects: ['UANYNBA'], spaces: ['*/nba'], role: 'viewer' },
          { subjects: ['UPRODNBA'], spaces: ['prod/nba'], role: 'viewer' },
          { subjects: ['UBARENBA'], spaces: ['nba'], role: 'viewer' },
        ],
      },
    });
    const sees = async (userId: string): Promise<string[]> => {
      const reply = text(await ask('spaces', { userId }));
      return ['prod/nba', 'prod/fraud', 'staging/nba', 'staging/ldbc'].filter((label) => reply.includes(`\`${label}\``));
    };
    expect(await sees('UPRODALL')).toEqual(['prod/nba', 'prod/fraud']);
    expect(await sees('UANYNBA')).toEqual(['prod/nba', 'staging/nba']);
    expect(await sees('UPRODNBA')).toEqual(['prod/nba']);
    expect(await sees('UBARENBA')).toEqual(['prod/nba', 'staging/nba']);
    expect(await sees('UNOBODY')).toEqual([]);
    expect(text(await ask('list staging/nba', { userId: 'UPRODNBA' }))).toContain('You may not view `staging/nba`');
    expect(text(await ask('list staging/ldbc', { userId: 'UPRODALL' }))).toContain('You may not view `staging/ldbc`');
    expect(text(await ask('list staging/nba', { userId: 'UANYNBA' }))).toContain('Jobs in staging/nba');
    // A bare name the user may view in one cluster only resolves without asking which.
    expect(text(await ask('list nba', { userId: 'UPRODNBA' }))).toContain('Jobs in prod/nba');
    expect(text(await ask('list nba', { userId: 'UANYNBA' }))).toContain('exists in 2 clusters');
    expect(text(await ask('list ldbc', { userId: 'UANYNBA' }))).toContain('You may not view `ldbc`');
  });

  it('runs the poll cycle and commands on both clusters with the stories of one (Details, Refresh, paging)', async () => {
    await start();
    const now = Date.now();
    staging.addJobs('ldbc', 25, (i) => ({
      command: 'COMPACT',
      status: 'FINISHED',
      startTime: new Date(now - (25 - i) * 60_000),
      stopTime: new Date(now - (25 - i) * 60_000 + 1000),
    }));
    const first = await ask('list ldbc');
    const second = await clicked(await h.user.click(first, { actionId: ActionId.listNext }));
    expect(text(second)).toContain('Page 2 of 3');
    expect(second.blocks?.[0]).toMatchObject({ text: { text: 'Jobs in staging/ldbc' } });
    const refreshed = await clicked(await h.user.click(second, { actionId: ActionId.listRefresh }));
    expect(text(refreshed)).toContain('Page 2 of 3');
    expect(interactiveElements(refreshed).some((e) => e.actionId === ActionId.listPrevious)).toBe(true);
  });
});
