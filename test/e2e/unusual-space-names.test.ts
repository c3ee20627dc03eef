import { quoteIdentifier } from '../../src/nebula/statements';
import { ActionId } from '../../src/slack/interactive/action-ids';
import { spaceKey } from '../../src/slack/interactive/space-key';
import { type Harness, startHarness } from '../support/bot-harness';
import { expectValidMessage, interactiveElements, type PostedMessage, type ResponsePost, type SentRequest } from '../support/slack-fake';

/**
 * Any name graphd holds is a space the bot serves: spaces, emoji and `#`, a back-quote and a
 * backslash, 4,000 bytes. Buttons carry hashed keys that are looked up again; every statement
 * names such a space only inside escaped back-quotes.
 */

const FANCY = 'my space #1 ✨';
const QUOTED = 'we`ird\\name';
/** 4,000 bytes: 1,995 two-byte letters and ten digits. */
const LONG = `${'ä'.repeat(1995)}1234567890`;
const POLICY = {
  rules: [
    { subjects: ['UADMIN'], spaces: ['*'], role: 'admin' },
    { subjects: ['UOPS'], spaces: ['*'], role: 'operator' },
  ],
};

type Message = { text?: string; blocks?: Array<Record<string, unknown>>; replace_original?: boolean; response_type?: string };
const text = (value: unknown): string => JSON.stringify(value);

describe('unusual space names, end to end', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  beforeEach(async () => {
    expect(Buffer.byteLength(LONG, 'utf8')).toBe(4000);
    h = await startHarness({ spaces: ['nba', FANCY, QUOTED, LONG], policy: POLICY });
  });

  async function clicked(sent: SentRequest): Promise<Message> {
    expect(sent.status).toBe(200);
    const post: ResponsePost = await h.slack.waitForResponse(sent.responseUrl);
    expectValidMessage(post.body);
    return post.body as Message;
  }

  async function ask(command: string, userId = 'U1'): Promise<Message> {
    const reply = await h.command(command, { userId });
    expectValidMessage(reply.body);
    return reply.body as Message;
  }

  /** Every statement naming one of the unusual spaces names it exactly as quoteIdentifier escapes it. */
  function expectOnlyQuoted(): void {
    for (const statement of h.graphd.statements()) {
      for (const name of [FANCY, QUOTED, LONG]) {
        const raw = name === QUOTED ? 'ird' : name;
        if (!statement.includes(raw)) continue;
        expect(statement.startsWith(`USE ${quoteIdentifier(name)}; `) || statement === `Use ${quoteIdentifier(name)}`).toBe(true);
      }
    }
    expect(h.graphd.log.filter((e) => e.errorCode !== 0).map((e) => `${e.statement.slice(0, 60)}: ${e.errorMsg}`)).toEqual([]);
  }

  it('lists them in `spaces`, and lists a typed name with spaces and emoji', async () => {
    const spaces = text(await ask('spaces'));
    expect(spaces).toContain('4 graph spaces');
    expect(spaces).toContain('`my space #1 ✨`');
    expect(spaces).toContain('`weˋird\\\\name`'); // the back-quote cannot close the code span
    expect(spaces).toContain('ääää');

    const list = await ask(`list "${FANCY}"`);
    expect(list.blocks?.[0]).toMatchObject({ text: { text: `Jobs in ${FANCY}` } });
    const quoted = await ask(`list "${QUOTED}"`);
    expect(quoted.blocks?.[0]).toMatchObject({ text: { text: `Jobs in ${QUOTED}` } });
    expect(text(await ask('list "my space"'))).toContain('does not exist');
    expectOnlyQuoted();
  });

  it('pages, refreshes, opens Details and stops through hashed keys, for each name', async () => {
    const now = Date.now();
    for (const name of [FANCY, QUOTED, LONG]) {
      h.graphd.addJobs(name, 15, (i) => ({
        command: 'COMPACT',
        status: 'FINISHED',
        startTime: new Date(now - (20 - i) * 60_000),
        stopTime: new Date(now - (20 - i) * 60_000 + 1000),
      }));
      const running = h.graphd.addJob(name, { command: 'STATS', status: 'RUNNING' });
      // The long name cannot be typed (commands are at most 1,000 characters): it is picked from the menu.
      const first =
        name === LONG ? await clicked(await h.user.click(await ask('list nba'), { actionId: ActionId.pickSpace, option: spaceKey(LONG) })) : await ask(`list "${name}"`);
      const key = spaceKey(name);
      expect(key).toMatch(/^~[A-Za-z0-9_-]{22}$/);
      expect(interactiveElements(first).find((e) => e.actionId === ActionId.listNext)?.value).toContain(`|default|${key}|`);
      expect(text(first)).toContain('Page 1 of 2');

      const second = await clicked(await h.user.click(first, { actionId: ActionId.listNext }));
      expect(text(second)).toContain('Page 2 of 2');
      const refreshed = await clicked(await h.user.click(second, { actionId: ActionId.listRefresh }));
      expect(text(refreshed)).toContain('Page 2 of 2');
      const filtered = await clicked(await h.user.click(first, { actionId: ActionId.listStatus, option: 'RUNNING' }));
      expect(text(filtered)).toContain('1 of 16 jobs match');

      const details = await clicked(await h.user.click(filtered, { actionId: ActionId.jobDetails }));
      expect(text(details)).toContain(`Job ${running} · STATS`);
      const stop = await clicked(await h.as('UOPS').click(filtered, { actionId: ActionId.jobStop }));
      expect(text(stop)).toMatch(/stopped job \d+; it is now \*STOPPED\*/);
      expect(h.graphd.job(name, running)?.status).toBe('STOPPED');
      expect(
        h.graphd
          .statementsMatching(/STOP JOB/)
          .map((e) => e.statement)
          .at(-1),
      ).toBe(`USE ${quoteIdentifier(name)}; STOP JOB ${running}`);
    }
    expectOnlyQuoted();
  });

  it('alerts a failure in such a space, and threads the follow-up', async () => {
    for (const name of [FANCY, QUOTED]) expect(text(await ask(`subscribe "${name}"`, 'UADMIN'))).toContain('now gets an alert');
    const fancy = h.graphd.addJob(FANCY, { command: 'STATS', status: 'RUNNING' });
    const quoted = h.graphd.addJob(QUOTED, { command: 'FLUSH', status: 'RUNNING' });
    await h.bot.poller.pollOnce();
    h.graphd.setJobStatus(FANCY, fancy, 'FAILED', { errorCode: 'E_RPC_FAILURE' });
    h.graphd.setJobStatus(QUOTED, quoted, 'FAILED');
    await h.bot.poller.pollOnce();
    await h.bot.sender.idle();
    const alerts = h.slack.messagesIn('C1').filter((m) => !m.threadTs);
    expect(alerts).toHaveLength(2);
    for (const alert of alerts) expectValidMessage(alert);
    const fancyAlert = alerts.find((m) => text(m).includes('my space #1')) as PostedMessage;
    const quotedAlert = alerts.find((m) => text(m).includes('weˋird')) as PostedMessage;
    expect(fancyAlert).toBeDefined();
    expect(quotedAlert).toBeDefined();

    // Recover from the alert's button: the hashed key finds the space again; the follow-up goes in the thread.
    const recovered = await clicked(await h.as('UOPS').click(quotedAlert, { actionId: ActionId.jobRecover }));
    expect(text(recovered)).toContain(`recovered job ${quoted}`);
    await h.bot.poller.pollOnce();
    await h.bot.sender.idle();
    const reply = h.slack.messagesIn('C1').find((m) => m.threadTs === quotedAlert.ts) as PostedMessage;
    expect(text(reply)).toContain('recovered by <@UOPS>');
    const details = await clicked(await h.user.click(fancyAlert, { actionId: ActionId.jobDetails }));
    expect(text(details)).toContain(`Job ${fancy} · STATS`);
    expectOnlyQuoted();
  });
});
