import { ActionId } from '../src/slack/interactive/action-ids';
import { SIGNING_SECRET } from '../test/support/bot-harness';
import { type SlackFake, SlackUser } from '../test/support/slack-fake';
import { type CpuTime, cpuTimeUs } from './cpu-time';
import { affinityOf, type Placement, pinThisProcess } from './pinning';
import { type Fakes, startBotProcess, startFakes } from './processes';
import { medianOf, type Summary, summary, timed } from './stats';

export type AckKind = 'command' | 'click';

export interface AckResult {
  concurrency: number;
  kind: AckKind;
  bot: Summary;
  bare: Summary;
  ratioP50: number;
  ratioP99: number;
  /** The bot's time to answer: from sending the request to its response_url POST reaching Slack. */
  answer: Summary;
  /** CPU per request in µs (median of the rounds), the whole process and its main thread, the one that acks. */
  cpuUs: { bot: CpuPerRequest; bare: CpuPerRequest };
}

/** µs per request: the whole process, its main thread (the bot's listeners), the thread that acks. */
export type CpuPerRequest = CpuTime;

export interface AckRun {
  mode: Placement['mode'];
  /** Time to answer when each request waits for the previous one's answer: one person at a time, no queue. */
  oneAtATime: Record<AckKind, Summary>;
  /** The CPU lists each process's threads were allowed, read from /proc while it ran. */
  cpus: { bot: string; bare: string; loadGenerator: string; fakes: string };
  results: AckResult[];
}

export const REQUESTS = 1000;
/** Each figure is the median of this many rounds of REQUESTS: one round's p99 is a handful of samples. */
const ROUNDS = 3;
const CONCURRENCY = [1, 10, 50];
const ONE_AT_A_TIME = 200;

/** Only URLs are needed from the Slack fake here: it runs in the fakes process. */
function remoteSlack(fakes: Fakes): SlackFake {
  let counter = 0;
  return { responseUrl: (label = 'r') => `${fakes.baseUrl}/response/bench-${label}-${(counter += 1)}` } as SlackFake;
}

export function userOf(fakes: Fakes, port: number): SlackUser {
  return new SlackUser({ transport: { kind: 'http', botUrl: `http://127.0.0.1:${port}/slack/events`, signingSecret: SIGNING_SECRET }, slack: remoteSlack(fakes), userId: 'U1' });
}

/** A job listing as the bot shows it, with the Refresh button the click figures press. */
const LISTING = {
  blocks: [
    {
      type: 'actions',
      block_id: 'list-filters:L1|nba|0|7d||||0|0',
      elements: [{ type: 'button', action_id: ActionId.listRefresh, text: { type: 'plain_text', text: 'Refresh' }, value: 'L1|nba|0|7d||||0|0' }],
    },
  ],
};

export interface Measured {
  acks: number[];
  /** Empty unless the app answers (the bot does, the bare app does not). */
  answers: number[];
}

/** `measure` for the app whose process is `pid`, with the CPU it spent per request (see cpu-time.ts). */
export async function measureWithCpu(app: { pid: number; ackThread: number }, ...args: Parameters<typeof measure>): Promise<Measured & { cpu: CpuPerRequest }> {
  const before = cpuTimeUs(app.pid, app.ackThread);
  const measured = await measure(...args);
  const after = cpuTimeUs(app.pid, app.ackThread);
  const requests = measured.acks.length;
  const per = (pick: (c: CpuTime) => number): number => (pick(after) - pick(before)) / requests;
  return { ...measured, cpu: { total: per((c) => c.total), main: per((c) => c.main), ack: per((c) => c.ack) } };
}

function medianCpu(rounds: CpuPerRequest[]): CpuPerRequest {
  const median = (pick: (c: CpuPerRequest) => number): number => Math.round([...rounds.map(pick)].sort((a, b) => a - b)[Math.floor(rounds.length / 2)]);
  return { total: median((c) => c.total), main: median((c) => c.main), ack: median((c) => c.ack) };
}

/** `requests` slash commands (`list nba`) or Refresh clicks, `concurrency` in flight. */
export async function measure(user: SlackUser, fakes: Fakes, kind: AckKind, concurrency: number, answers: boolean, requests = REQUESTS): Promise<Measured> {
  const acks: number[] = [];
  const urls: string[] = [];
  const sentAt: bigint[] = [];
  await timed(requests, concurrency, async () => {
    const at = process.hrtime.bigint();
    const sent = kind === 'command' ? await user.runCommand('list nba') : await user.click(LISTING, { actionId: ActionId.listRefresh });
    if (sent.status !== 200) throw new Error(`ack failed: HTTP ${sent.status}`);
    acks.push(sent.ackMs);
    urls.push(sent.responseUrl);
    sentAt.push(at);
  });
  if (!answers) return { acks, answers: [] };
  // Waiting also lets the bot finish its post-ack work before the next measurement starts.
  const { arrivals } = await fakes.ask<{ arrivals: string[] }>({ type: 'wait-responses', urls });
  return { acks, answers: arrivals.map((arrival, i) => Number(BigInt(arrival) - sentAt[i]) / 1e6) };
}

/** Requests sent one after the other, each once the previous answer has reached Slack; time to answer of each. */
async function answersOneAtATime(user: SlackUser, fakes: Fakes, kind: AckKind, requests = ONE_AT_A_TIME): Promise<number[]> {
  const answers: number[] = [];
  for (let i = 0; i < requests; i += 1) {
    const at = process.hrtime.bigint();
    const sent = kind === 'command' ? await user.runCommand('list nba') : await user.click(LISTING, { actionId: ActionId.listRefresh });
    const { arrivals } = await fakes.ask<{ arrivals: string[] }>({ type: 'wait-responses', urls: [sent.responseUrl] });
    answers.push(Number(BigInt(arrivals[0]) - at) / 1e6);
  }
  return answers;
}

const ratio = (a: number, b: number): number => Math.round((a / b) * 100) / 100;

/**
 * Slash commands and button clicks acked by the bot vs by a bare Bolt app, placed as `placement`
 * says. Bot, bare app and fakes each run in their own process; this one only sends requests and
 * times the acks.
 */
export async function ackLatency(placement: Placement): Promise<AckRun> {
  const restore = placement.loadCpus ? pinThisProcess(placement.loadCpus) : () => undefined;
  try {
    const fakes = await startFakes('ack', placement.loadCpus);
    const bot = await startBotProcess(fakes, [], { DEFAULT_SPACE: 'nba' }, { cpus: placement.appCpus });
    const bare = await startBotProcess(fakes, [], {}, { bare: true, cpus: placement.appCpus });
    const cpus = { bot: affinityOf(bot.pid), bare: affinityOf(bare.pid), loadGenerator: affinityOf(process.pid), fakes: affinityOf(fakes.pid) };
    const botUser = userOf(fakes, bot.port);
    const bareUser = userOf(fakes, bare.port);
    const results: AckResult[] = [];
    const oneAtATime = {} as Record<AckKind, Summary>;
    try {
      for (const kind of ['command', 'click'] as const) {
        await answersOneAtATime(botUser, fakes, kind, 20); // warm-up
        oneAtATime[kind] = summary(await answersOneAtATime(botUser, fakes, kind));
        for (const concurrency of CONCURRENCY) {
          await measure(botUser, fakes, kind, concurrency, true); // warm-up
          await measure(bareUser, fakes, kind, concurrency, false);
          // Rounds alternate bot and bare, so both meet the same moments of a shared machine.
          const botRounds: Summary[] = [];
          const bareRounds: Summary[] = [];
          const answerRounds: Summary[] = [];
          const botCpu: CpuPerRequest[] = [];
          const bareCpu: CpuPerRequest[] = [];
          for (let round = 0; round < ROUNDS; round += 1) {
            const measured = await measureWithCpu(bot, botUser, fakes, kind, concurrency, true);
            botRounds.push(summary(measured.acks));
            answerRounds.push(summary(measured.answers));
            botCpu.push(measured.cpu);
            const bareMeasured = await measureWithCpu(bare, bareUser, fakes, kind, concurrency, false);
            bareRounds.push(summary(bareMeasured.acks));
            bareCpu.push(bareMeasured.cpu);
          }
          const botAcks = medianOf(botRounds);
          const bareAcks = medianOf(bareRounds);
          results.push({
            concurrency,
            kind,
            bot: botAcks,
            bare: bareAcks,
            ratioP50: ratio(botAcks.p50, bareAcks.p50),
            ratioP99: ratio(botAcks.p99, bareAcks.p99),
            answer: medianOf(answerRounds),
            cpuUs: { bot: medianCpu(botCpu), bare: medianCpu(bareCpu) },
          });
        }
      }
    } finally {
      await bot.stop();
      await bare.stop();
      await fakes.stop();
    }
    return { mode: placement.mode, oneAtATime, cpus, results };
  } finally {
    restore();
  }
}
