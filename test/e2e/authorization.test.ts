import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FOREIGN_TEAM_TEXT } from '../../src/slack/app/team-check';
import { ActionId } from '../../src/slack/interactive/action-ids';
import { type Harness, type HarnessOptions, SIGNING_SECRET, type SlackMode, startHarness } from '../support/bot-harness';
import { BotProcess } from '../support/bot-process';
import { FakeGraphd } from '../support/graphd';
import { expectValidMessage, interactiveElements, type SentRequest, SlackFake, SlackUser } from '../support/slack-fake';

type Message = Record<string, unknown> & { blocks?: unknown[]; ts?: string; channel?: string };

const POLICY = {
  defaultRole: 'viewer',
  rules: [
    { subjects: ['UOPS'], spaces: ['nba'], role: 'operator' },
    { subjects: ['ULDBC'], spaces: ['ldbc'], role: 'operator' },
    { subjects: ['UADMIN'], spaces: ['*'], role: 'admin' },
    { subjects: ['SONCALL'], spaces: ['nba'], role: 'operator' },
  ],
};

const text = (message: unknown): string => JSON.stringify(message);

/** Waits for a condition the bot reaches on its own (a file check, a log line), never for a fixed time. */
async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The Stop/Recover button of a message, with its confirm dialog. */
function actionButton(message: Message, actionId: string): { value: string; confirm?: { title: { text: string }; text: { text: string } } } | undefined {
  for (const block of (message.blocks ?? []) as Array<{ type: string; elements?: Array<Record<string, unknown>>; accessory?: Record<string, unknown> }>) {
    for (const element of [...(block.elements ?? []), ...(block.accessory ? [block.accessory] : [])]) {
      if (element.action_id === actionId) return element as never;
    }
  }
  return undefined;
}

describe('authorization', () => {
  let h: Harness;
  afterEach(async () => {
    // Forget it first: a test whose start fails must not close the previous harness again.
    const closing = h as Harness | undefined;
    h = undefined as unknown as Harness;
    await closing?.close();
  });

  async function start(options: HarnessOptions = {}): Promise<Harness> {
    h = await startHarness({ policy: POLICY, spaces: ['nba', 'ldbc'], ...options });
    return h;
  }

  async function answer(sent: SentRequest): Promise<Message> {
    expect(sent.status).toBe(200);
    const post = await h.slack.waitForResponse(sent.responseUrl);
    expectValidMessage(post.body);
    return post.body as Message;
  }

  const actions = (from = 0): string[] => h.graphd.statements({ from }).filter((s) => /STOP JOB|RECOVER JOB/.test(s));

  describe('typed stop and recover ask for confirmation (item 14)', () => {
    it('answers a typed stop with a confirmation naming space, job, command and status, and sends nothing until the button is clicked', async () => {
      await start();
      const id = h.graphd.addJob('nba', { command: 'STATS', status: 'RUNNING' });
      const from = h.graphd.mark();
      const reply = (await h.command(`stop ${id} nba`, { userId: 'UOPS' })).body as Message;
      expectValidMessage(reply);
      expect(reply.response_type).toBe('ephemeral');
      const shown = text(reply);
      expect(shown).toContain(`Stop job ${id}`);
      expect(shown).toContain('`nba`');
      expect(shown).toContain('`STATS`');
      expect(shown).toContain(':arrows_counterclockwise: RUNNING');
      expect(actions(from)).toEqual([]);
      expect(h.graphd.job('nba', id)?.status).toBe('RUNNING');

      const button = actionButton(reply, ActionId.jobStop);
      expect(button?.confirm?.text.text).toContain('`nba`');
      expect(button?.confirm?.text.text).toContain('`STATS`');
      const done = await answer(await h.as('UOPS').click(reply, { actionId: ActionId.jobStop }));
      expect(text(done)).toContain(`<@UOPS> stopped job ${id}; it is now *STOPPED*`);
      expect(actions(from)).toEqual([`USE \`nba\`; STOP JOB ${id}`]);
    });

    it('does the same for recover, and refuses at once what the bot would refuse on the click', async () => {
      await start();
      const failed = h.graphd.addJob('nba', { command: 'FLUSH', status: 'FAILED' });
      const finished = h.graphd.addJob('nba', { command: 'FLUSH', status: 'FINISHED' });
      const from = h.graphd.mark();
      const reply = (await h.command(`recover ${failed} nba`, { userId: 'UOPS' })).body as Message;
      expect(text(reply)).toContain(`Recover job ${failed}`);
      expect(text(reply)).toContain(':x: FAILED');
      expect(interactiveElements(reply).map((e) => e.actionId)).toEqual([ActionId.jobRecover]);
      expect(text((await h.command(`recover ${finished} nba`, { userId: 'UOPS' })).body)).toContain('A finished job cannot be recovered');
      // A viewer is told at once, with no button to click.
      const denied = (await h.command(`recover ${failed} nba`, { userId: 'UVIEW' })).body as Message;
      expect(text(denied)).toContain('operator role in `nba`');
      expect(interactiveElements(denied)).toEqual([]);
      expect(actions(from)).toEqual([]);
      await answer(await h.as('UOPS').click(reply, { actionId: ActionId.jobRecover }));
      expect(actions(from)).toEqual([`USE \`nba\`; RECOVER JOB ${failed}`]);
    });

    it("lets only operators of the new space change a channel's default, and names the space the default chose", async () => {
      await start();
      const nbaJob = h.graphd.addJob('nba', { command: 'STATS', status: 'RUNNING' });
      h.graphd.addJob('ldbc', { command: 'STATS', status: 'RUNNING' });
      expect(text((await h.command('use nba', { userId: 'UOPS', channelId: 'COPS' })).body)).toContain('is now this channel');
      // A viewer cannot redirect the operators' typed commands to another space.
      const refused = text((await h.command('use ldbc', { userId: 'UVIEW', channelId: 'COPS' })).body);
      expect(refused).toContain("Only operators of `ldbc` can make it this channel's default");
      // Nor probe which spaces exist.
      expect(text((await h.command('use nope', { userId: 'UVIEW', channelId: 'COPS' })).body)).toContain('Only operators of `nope`');
      expect(h.bot.deps.channels.channelDefault('COPS')?.space).toBe('nba');

      const from = h.graphd.mark();
      const confirm = text((await h.command(`stop ${nbaJob}`, { userId: 'UOPS', channelId: 'COPS' })).body);
      expect(confirm).toContain('`nba`');
      expect(confirm).toContain("this channel's default, set by <@UOPS>");

      // An operator of ldbc may move the default; nba's operator then sees ldbc named, and has no rights there.
      expect(text((await h.command('use ldbc', { userId: 'ULDBC', channelId: 'COPS' })).body)).toContain('is now this channel');
      const redirected = text((await h.command(`stop ${nbaJob}`, { userId: 'UOPS', channelId: 'COPS' })).body);
      expect(redirected).toContain('operator role in `ldbc`');
      expect(actions(from)).toEqual([]);
      const uses = h.bot.deps.audit.latest({ limit: 10 }).filter((e) => e.action === 'use');
      expect(uses.map((e) => `${e.userId}:${e.space}:${e.result}`)).toEqual(['ULDBC:ldbc:executed', 'UVIEW:nope:denied', 'UVIEW:ldbc:denied', 'UOPS:nba:executed']);
    });

    it("lets anyone set a channel's default when no policy is configured (nobody can act then)", async () => {
      h = await startHarness({ spaces: ['nba', 'ldbc'] });
      expect(text((await h.command('use ldbc', { userId: 'UANY' })).body)).toContain('is now this channel');
    });
  });

  describe('a role below viewer (item 15)', () => {
    const CLOSED = {
      defaultRole: 'none',
      rules: [
        { subjects: ['UNBA'], spaces: ['nba'], role: 'viewer' },
        { subjects: ['UOPS'], spaces: ['nba'], role: 'operator' },
      ],
    };

    it('shows people without a rule nothing of a space, and says only "you may not view"', async () => {
      await start({ policy: CLOSED, spaces: ['nba', 'secret'] });
      const secretJob = h.graphd.addJob('secret', { command: 'STATS', status: 'FAILED' });
      h.graphd.addJob('nba', { command: 'FLUSH', status: 'FAILED' });
      const from = h.graphd.mark();

      const outsiderSpaces = text((await h.command('spaces', { userId: 'UOUT' })).body);
      expect(outsiderSpaces).not.toContain('secret');
      expect(outsiderSpaces).not.toContain('`nba`');
      const viewerSpaces = text((await h.command('spaces', { userId: 'UNBA' })).body);
      expect(viewerSpaces).toContain('`nba`');
      expect(viewerSpaces).not.toContain('secret');

      const hidden = text((await h.command('list secret', { userId: 'UNBA' })).body);
      expect(hidden).toContain('You may not view `secret`');
      const missing = text((await h.command('list nope', { userId: 'UNBA' })).body);
      expect(missing).toBe(hidden.replace(/secret/g, 'nope'));
      expect(text((await h.command(`show ${secretJob} secret`, { userId: 'UNBA' })).body)).toContain('You may not view `secret`');
      expect(text((await h.command(`stop ${secretJob} secret`, { userId: 'UNBA' })).body)).not.toContain('STATS');
      expect(text((await h.command('list nba', { userId: 'UOUT' })).body)).toContain('You may not view `nba`');

      const whoami = text((await h.command('whoami', { userId: 'UNBA' })).body);
      expect(whoami).toContain('`nba`: *viewer*');
      expect(whoami).not.toContain('secret');
      expect(text((await h.command('whoami', { userId: 'UOUT' })).body)).not.toContain('`nba`');

      expect(h.graphd.statements({ from }).filter((s) => s.includes('secret'))).toEqual([]);
    });

    it('checks every click that reads: Details, Refresh, paging and filters', async () => {
      await start({ policy: CLOSED, spaces: ['nba', 'secret'] });
      const nbaJobs = h.graphd.addJobs('nba', 12, () => ({ command: 'FLUSH', status: 'FAILED' }));
      const secretJob = h.graphd.addJob('secret', { command: 'STATS', status: 'FAILED' });
      const list = (await h.command('list nba share', { userId: 'UNBA' })).body as Message;
      expect(text(list)).toContain('Jobs in nba');
      const outsider = h.as('UOUT');
      const refusals = [
        await answer(await outsider.click(list, { actionId: ActionId.jobDetails })),
        await answer(await outsider.click(list, { actionId: ActionId.listNext })),
        await answer(await outsider.click(list, { actionId: ActionId.listRefresh })),
        await answer(await outsider.click(list, { actionId: ActionId.listStatus, option: 'FAILED' })),
      ];
      for (const refusal of refusals) {
        expect(text(refusal)).toContain('You may not view `nba`');
        expect(refusal.replace_original).toBe(false);
      }
      const detail = (await h.command(`show ${nbaJobs[0]} nba`, { userId: 'UNBA' })).body as Message;
      expect(text(await answer(await outsider.click(detail, { actionId: ActionId.jobRefresh })))).toContain('You may not view `nba`');
      // A forged Details button for another space.
      const forged = {
        blocks: [
          { type: 'actions', elements: [{ type: 'button', action_id: ActionId.jobDetails, text: { type: 'plain_text', text: 'Details' }, value: `J1|secret|${secretJob}` }] },
        ],
      };
      expect(text(await answer(await h.as('UNBA').click(forged, { actionId: ActionId.jobDetails })))).toContain('You may not view `secret`');
      // The viewer still pages through what they may see.
      expect(text(await answer(await h.as('UNBA').click(list, { actionId: ActionId.listNext })))).toContain('Page 2 of 2');
    });
  });

  describe.each(['http', 'socket'] as SlackMode[])('requests from another workspace (item 16, %s)', (mode) => {
    function foreigner(userId: string, teamId: string): SlackUser {
      const transport =
        mode === 'http' ? { kind: 'http' as const, botUrl: `http://127.0.0.1:${h.bot.port}/slack/events`, signingSecret: SIGNING_SECRET } : { kind: 'socket' as const };
      return new SlackUser({ transport, slack: h.slack, userId, teamId });
    }

    /**
     * The refusal of a command: the ack's message in Socket Mode; over HTTP the front thread has
     * acked before the team is checked, so the refusal comes at the command's response_url.
     */
    async function refusalOf(sent: SentRequest): Promise<string> {
      if (mode === 'socket') return String(sent.body);
      return text((await h.slack.waitForResponse(sent.responseUrl)).body);
    }

    it('refuses commands and clicks from a team the token does not belong to, and logs them', async () => {
      await start({ mode, spaces: ['nba', 'secret'] });
      const id = h.graphd.addJob('nba', { command: 'STATS', status: 'RUNNING' });
      const list = (await h.command('list nba', { userId: 'UADMIN' })).body as Message;
      const from = h.graphd.mark();
      const mark = h.slack.mark();

      const command = await foreigner('UADMIN', 'T2').runCommand('list secret');
      expect(command.status).toBe(200);
      expect(await refusalOf(command)).toContain('only answers people of the workspace it is installed in');
      const click = await foreigner('UADMIN', 'T2').click(list, { actionId: ActionId.jobStop });
      expect(click.status).toBe(200);
      // Our own workspace is still served; by then the refused requests are long done.
      await h.command('whoami', { userId: 'UADMIN' });
      const answered = h.slack.responses.slice(mark.responses).filter((r) => r.url === command.responseUrl || r.url === click.responseUrl);
      expect(answered.map((r) => (r.body as Message).text)).toEqual(mode === 'http' ? [FOREIGN_TEAM_TEXT] : []);
      expect(h.graphd.statements({ from }).filter((s) => s.includes('secret') || s.includes('STOP'))).toEqual([]);
      expect(h.graphd.job('nba', id)?.status).toBe('RUNNING');
      const refusals = h.logs.filter((line) => line.includes('"msg":"slack.foreign_team"'));
      expect(refusals).toHaveLength(2);
      expect(refusals[0]).toContain('"team":"T2"');
      expect(refusals[0]).toContain('"user":"UADMIN"');
    });

    it('serves the teams SLACK_ALLOWED_TEAMS names as well', async () => {
      await start({ mode, env: { SLACK_ALLOWED_TEAMS: 'T2, T3' } });
      const sent = await foreigner('UADMIN', 'T2').runCommand('list nba');
      expect(text((await h.slack.waitForResponse(sent.responseUrl)).body)).toContain('Jobs in nba');
      const other = await foreigner('UADMIN', 'T9').runCommand('list nba');
      expect(await refusalOf(other)).toContain('only answers people of the workspace it is installed in');
    });
  });

  describe('policy and group changes (item 17)', () => {
    /** As editors save: a new file renamed over the old one. */
    const writePolicy = (policy: unknown): void => {
      const file = h.config.accessFile as string;
      writeFileSync(`${file}.tmp`, typeof policy === 'string' ? policy : JSON.stringify(policy));
      renameSync(`${file}.tmp`, file);
    };

    it('reloads ACCESS_FILE when it changes, and keeps the old policy when the new one is bad', async () => {
      await start({ bot: { policyCheckMs: 20 } });
      const id = h.graphd.addJob('nba', { command: 'STATS', status: 'RUNNING' });
      expect(text((await h.command(`stop ${id} nba`, { userId: 'UNEW' })).body)).toContain('operator role in `nba`');

      writePolicy({ ...POLICY, rules: [...POLICY.rules, { subjects: ['UNEW'], spaces: ['nba'], role: 'operator' }] });
      await until(() => h.logs.some((line) => line.includes('"msg":"policy.reloaded"')), 'the reload');
      expect(text((await h.command(`stop ${id} nba`, { userId: 'UNEW' })).body)).toContain(`Stop job ${id}`);

      writePolicy('{ "rules": [');
      await until(() => h.logs.some((line) => line.includes('"msg":"policy.reload_failed"')), 'the refusal');
      writePolicy({ rules: [{ subjects: ['UNEW'], spaces: ['*'], role: 'god' }] });
      await until(() => h.logs.filter((line) => line.includes('"msg":"policy.reload_failed"')).length === 2, 'the second refusal');
      const failures = h.logs.filter((line) => line.includes('"msg":"policy.reload_failed"'));
      expect(failures[0]).toContain('is not valid JSON');
      expect(failures[1]).toContain('rules[0].role');
      // The last good policy still holds.
      expect(text((await h.command(`stop ${id} nba`, { userId: 'UNEW' })).body)).toContain(`Stop job ${id}`);
      expect(h.bot.reloadPolicy()).toBe(false);
    });

    it('re-reads user-group membership for actions, so a removed member cannot act', async () => {
      await start();
      h.slack.setUserGroup('SONCALL', ['UONCALL']);
      const id = h.graphd.addJob('nba', { command: 'STATS', status: 'RUNNING' });
      expect(text((await h.command('whoami', { userId: 'UONCALL' })).body)).toContain('`nba`: *operator*');
      const confirm = (await h.command(`stop ${id} nba`, { userId: 'UONCALL' })).body as Message;
      expect(text(confirm)).toContain(`Stop job ${id}`);

      h.slack.setUserGroup('SONCALL', []);
      const denied = await answer(await h.as('UONCALL').click(confirm, { actionId: ActionId.jobStop }));
      expect(text(denied)).toContain('operator role in `nba`');
      expect(actions()).toEqual([]);
      // Reads may use the cached membership.
      const lookups = h.slack.callsTo('usergroups.users.list').length;
      await h.command('whoami', { userId: 'UONCALL' });
      expect(h.slack.callsTo('usergroups.users.list')).toHaveLength(lookups);
    });

    it('reloads the policy on SIGHUP, and keeps running', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'nebula-jobs-sighup-'));
      const graphd = await FakeGraphd.start();
      const slack = await SlackFake.start();
      try {
        const file = join(dir, 'access.json');
        writeFileSync(file, JSON.stringify(POLICY));
        const bot = BotProcess.against({ graphdAddress: graphd.address, slackApiUrl: slack.apiUrl, dir }, { ACCESS_FILE: file, POLL_SCHEDULE: '0 0 0 1 1 *' });
        await bot.waitForLine(/"bot.started"/);
        writeFileSync(file, '{ broken');
        bot.kill('SIGHUP');
        expect(await bot.waitForLine(/"policy.reload_failed".*"trigger":"SIGHUP"/)).toContain('is not valid JSON');
        writeFileSync(file, JSON.stringify({ ...POLICY, defaultRole: 'none' }));
        bot.kill('SIGHUP');
        expect(await bot.waitForLine(/"policy.reloaded".*"trigger":"SIGHUP"/)).toContain('"defaultRole":"none"');
        bot.kill('SIGTERM');
        expect(await bot.exit()).toEqual({ code: 0, signal: null });
      } finally {
        await slack.close();
        await graphd.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
