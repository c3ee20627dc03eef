import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActionId } from '../../src/slack/interactive/action-ids';
import { ApprovalRepository } from '../../src/store/approval-repository';
import { AuditRepository } from '../../src/store/audit-repository';
import { openDatabase } from '../../src/store/database';
import { SIGNING_SECRET } from '../support/bot-harness';
import { BotProcess } from '../support/bot-process';
import { FakeGraphd } from '../support/graphd';
import { expectValidMessage, interactiveElements, type PostedMessage, SlackFake, SlackUser } from '../support/slack-fake';

/**
 * kill -9 while graphd is carrying out an approved STOP: graphd stopped the job, the bot died
 * before the answer. The next process on the same database finds the intent it left, re-reads
 * the job, records the outcome once, and finishes the approval request.
 */
describe('an action interrupted by kill -9', () => {
  let graphd: FakeGraphd;
  let slack: SlackFake;
  let dir: string;
  let bot: BotProcess | null = null;

  beforeEach(async () => {
    graphd = await FakeGraphd.start();
    graphd.createSpace('nba');
    slack = await SlackFake.start();
    dir = mkdtempSync(join(tmpdir(), 'nebula-jobs-intent-'));
    writeFileSync(
      join(dir, 'access.json'),
      JSON.stringify({
        defaultRole: 'viewer',
        rules: [
          { subjects: ['UOPS'], spaces: ['nba'], role: 'operator' },
          { subjects: ['UADMIN'], spaces: ['*'], role: 'admin' },
        ],
        approvals: { stop: 'required', recover: 'none', channel: 'CAPPROVALS', expiresMinutes: 60, adminsBypass: false },
      }),
    );
  });

  afterEach(async () => {
    if (bot) {
      bot.kill('SIGKILL');
      await bot.exit();
      bot = null;
    }
    await slack.close();
    await graphd.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A bot process on the same database; a long statement timeout, so only the kill ends the STOP. */
  async function startBot(): Promise<{ process: BotProcess; as: (userId: string) => SlackUser }> {
    const started = BotProcess.against(
      { graphdAddress: graphd.address, slackApiUrl: slack.apiUrl, dir },
      { ACCESS_FILE: join(dir, 'access.json'), NEBULA_TIMEOUT_MS: '60000', POLL_SCHEDULE: '0 0 0 1 1 *', POLL_LEASE_SECONDS: '3' },
    );
    bot = started;
    const line = await started.waitForLine(/"bot.started"/);
    const { port } = JSON.parse(line) as { port: number };
    const botUrl = `http://127.0.0.1:${port}/slack/events`;
    return { process: started, as: (userId) => new SlackUser({ transport: { kind: 'http', botUrl, signingSecret: SIGNING_SECRET }, slack, userId }) };
  }

  /** A typed stop/recover answers with a confirmation; its button is what acts. */
  async function confirmTyped(user: SlackUser, command: string, actionId: string): Promise<{ responseUrl: string }> {
    const typed = await user.runCommand(command);
    const confirmation = await slack.waitForResponse(typed.responseUrl);
    return user.click(confirmation.body as never, { actionId });
  }

  it('records the interrupted STOP once and finishes its approval request after a restart', async () => {
    const first = await startBot();
    const id = graphd.addJob('nba', { command: 'STATS', status: 'RUNNING' });
    const asked = await confirmTyped(first.as('UOPS'), `stop ${id} nba`, ActionId.jobStop);
    await slack.waitForResponse(asked.responseUrl);
    const request = slack.messagesIn('CAPPROVALS').at(-1) as PostedMessage;
    expect(text(request)).toContain('Approval needed');
    const approvalId = interactiveElements(request).find((e) => e.actionId === ActionId.approve)?.value as string;

    graphd.hang(/STOP JOB|RECOVER JOB/, { applyEffects: true }); // graphd carries them out and never answers
    const approved = await first.as('UADMIN').click(request, { actionId: ActionId.approve });
    expect(approved.status).toBe(200);
    await graphd.waitForStatement(/STOP JOB/, { timeoutMs: 15_000 });
    // Meanwhile an operator recovers another job directly (recover needs no approval).
    const failed = graphd.addJob('nba', { command: 'FLUSH', status: 'FAILED' });
    const recovering = await confirmTyped(first.as('UOPS'), `recover ${failed} nba`, ActionId.jobRecover);
    await graphd.waitForStatement(/RECOVER JOB/, { timeoutMs: 15_000 });
    first.process.kill('SIGKILL');
    expect((await first.process.exit()).signal).toBe('SIGKILL');
    expect(graphd.job('nba', id)?.status).toBe('STOPPED');
    expect(graphd.job('nba', failed)?.status).toBe('QUEUE');
    graphd.clearFaults();

    const mark = slack.mark();
    const second = await startBot();
    await second.process.waitForLines(/"action.recovered"/, 2);
    const update = await slack.waitForCall('chat.update', (c) => c.args.ts === request.ts, { from: mark.calls, timeoutMs: 10_000 });
    expectValidMessage(update.args);
    const shown = slack.message('CAPPROVALS', request.ts) as PostedMessage;
    expect(text(shown)).toContain(`stopped job ${id}`);
    expect(text(shown)).toContain('restarted');
    expect(interactiveElements(shown)).toEqual([]);
    // The requester's own message hears of it too.
    const told = await slack.waitForResponse((p) => p.url === asked.responseUrl && text(p.body).includes('restarted'), { timeoutMs: 10_000 });
    expectValidMessage(told.body);

    const db = openDatabase(join(dir, 'bot.db'));
    try {
      expect(new ApprovalRepository(db).get(approvalId)?.status).toBe('executed');
      const entries = new AuditRepository(db).latest({ limit: 20 }).filter((e) => e.jobId === id && e.action === 'stop');
      expect(entries.map((e) => `${e.userId}:${e.result}`).sort()).toEqual(['UADMIN:approved', 'UOPS:executed', 'UOPS:requested']);
      expect(entries.find((e) => e.result === 'executed')?.detail).toContain('approved by UADMIN');
      const recovered = new AuditRepository(db).latest({ limit: 20 }).filter((e) => e.jobId === failed);
      expect(recovered.map((e) => `${e.userId}:${e.action}:${e.result}`)).toEqual(['UOPS:recover:executed']);
    } finally {
      db.close();
    }
    // The operator who typed `recover` hears of it through their response_url.
    const toldOperator = await slack.waitForResponse((p) => p.url === recovering.responseUrl && text(p.body).includes('restarted'), { timeoutMs: 10_000 });
    expect(text(toldOperator.body)).toContain(`<@UOPS> recovered job ${failed}`);
    // Nothing was sent again.
    expect(graphd.statements().filter((s) => /STOP JOB|RECOVER JOB/.test(s))).toHaveLength(2);
  }, 90_000); // two bot processes start, each compiling the bot with ts-node
});

function text(message: unknown): string {
  return JSON.stringify(message);
}
