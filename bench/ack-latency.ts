import { ActionId } from '../src/slack/interactive/action-ids';
import { SIGNING_SECRET } from '../test/support/bot-harness';
import { SlackFake, SlackUser } from '../test/support/slack-fake';
import { Fakes, startBotProcess, startFakes } from './processes';
import { medianOf, Summary, summary, timed } from './stats';

export interface AckResult {
  concurrency: number;
  kind: 'command' | 'click';
  bot: Summary;
  bare: Summary;
  ratioP99: number;
}

const REQUESTS = 1000;
/** Each figure is the median of this many rounds of REQUESTS: one round's p99 is a handful of samples. */
const ROUNDS = 3;

/** Only URLs are needed from the Slack fake here: it runs in the fakes process. */
function remoteSlack(fakes: Fakes): SlackFake {
  let counter = 0;
  return { responseUrl: (label = 'r') => `${fakes.baseUrl}/response/bench-${label}-${(counter += 1)}` } as SlackFake;
}

async function measure(user: SlackUser, fakes: Fakes, kind: 'command' | 'click', concurrency: number, message: Record<string, unknown>, answers: boolean): Promise<number[]> {
  const acks: number[] = [];
  const urls: string[] = [];
  await timed(REQUESTS, concurrency, async () => {
    const sent = kind === 'command' ? await user.runCommand('list nba') : await user.click(message, { actionId: ActionId.listRefresh });
    if (sent.status !== 200) throw new Error(`ack failed: HTTP ${sent.status}`);
    acks.push(sent.ackMs);
    urls.push(sent.responseUrl);
  });
  // The bot keeps working after each ack; let it finish before the next measurement starts.
  if (answers) await fakes.ask({ type: 'wait-responses', urls });
  return acks;
}

/**
 * Slash commands and button clicks acked by the bot vs by a bare Bolt app. Bot, bare app and
 * fakes each run in their own process; this one only sends requests and times the acks.
 */
export async function ackLatency(): Promise<AckResult[]> {
  const fakes = await startFakes('ack');
  const bot = await startBotProcess(fakes, [], { DEFAULT_SPACE: 'nba' });
  const bare = await startBotProcess(fakes, [], {}, true);
  const slack = remoteSlack(fakes);
  const user = (port: number): SlackUser => new SlackUser({ transport: { kind: 'http', botUrl: `http://127.0.0.1:${port}/slack/events`, signingSecret: SIGNING_SECRET }, slack, userId: 'U1' });
  const botUser = user(bot.port);
  const bareUser = user(bare.port);
  const list = { blocks: [{ type: 'actions', block_id: 'list-filters:L1|nba|0|7d||||0|0', elements: [{ type: 'button', action_id: ActionId.listRefresh, text: { type: 'plain_text', text: 'Refresh' }, value: 'L1|nba|0|7d||||0|0' }] }] };
  const results: AckResult[] = [];
  try {
    for (const kind of ['command', 'click'] as const) {
      for (const concurrency of [1, 10, 50]) {
        await measure(botUser, fakes, kind, concurrency, list, true); // warm-up
        await measure(bareUser, fakes, kind, concurrency, list, false);
        // Rounds alternate bot and bare, so both meet the same moments of a shared machine.
        const bot: Summary[] = [];
        const bare: Summary[] = [];
        for (let round = 0; round < ROUNDS; round += 1) {
          bot.push(summary(await measure(botUser, fakes, kind, concurrency, list, true)));
          bare.push(summary(await measure(bareUser, fakes, kind, concurrency, list, false)));
        }
        const measured = medianOf(bot);
        const floor = medianOf(bare);
        results.push({ concurrency, kind, bot: measured, bare: floor, ratioP99: Math.round((measured.p99 / floor.p99) * 100) / 100 });
      }
    }
  } finally {
    await bot.stop();
    await bare.stop();
    await fakes.stop();
  }
  return results;
}
