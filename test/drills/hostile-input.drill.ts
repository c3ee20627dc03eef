import { seededRandom } from '../../src/demo/simulated-cluster';
import { type Harness, startHarness } from '../support/bot-harness';
import { expectValidMessage } from '../support/slack-fake';

/**
 * 1,000 random and hostile slash-command texts: each gets a clear answer, the bot stays up, and
 * nothing but the bot's own statement shapes ever reaches graphd.
 */
const SEEDS = [
  'list',
  'show',
  'stop',
  'recover',
  'use',
  'spaces',
  'help',
  'whoami',
  'audit',
  'subscribe',
  'unsubscribe',
  'mute',
  'unmute',
  'subscriptions',
  'nba',
  'y',
  '1',
  '0',
  '-1',
  '1e3',
  '0x10',
  '99999999999',
  '2147483647',
  '2147483648',
  'status=failed',
  'since=1d',
  'until=2024-01-01',
  'id=7',
  'command=compact',
  'share',
  ';',
  'DROP SPACE y',
  '`',
  '\\',
  '"',
  '“',
  "'",
  '\n',
  '\t',
  '&lt;!channel&gt;',
  '<@U1>',
  '%00',
  '\u0000',
  '💥',
  '空间',
  'ﬁ',
  '\u202e',
  'a'.repeat(300),
  '${jndi:ldap://x}',
  '{{7*7}}',
  '../../etc/passwd',
  "' OR 1=1 --",
  '#',
  '//',
  '/*',
  '*/',
];

function hostileText(random: () => number): string {
  const words = Array.from({ length: 1 + Math.floor(random() * 6) }, () => SEEDS[Math.floor(random() * SEEDS.length)]);
  const glue = [' ', '', ';', '\n', '  ', '='][Math.floor(random() * 6)];
  return words.join(glue).slice(0, 1200);
}

const ALLOWED = /^(SHOW SPACES|SHOW HOSTS GRAPH|Use `[\p{L}\p{N}_-]+`|USE `[\p{L}\p{N}_-]+`; (SHOW JOBS|SHOW JOB \d+|STOP JOB \d+|RECOVER JOB \d+)|YIELD 1)$/u;

describe('drill: 1,000 random and hostile commands', () => {
  let h: Harness;
  afterAll(async () => h?.close());

  it('answers every one clearly, never crashes, and sends graphd nothing unvalidated', async () => {
    h = await startHarness({
      spaces: ['nba', 'y'],
      policy: { rules: [{ subjects: ['UADMIN'], spaces: ['*'], role: 'admin' }] },
      prepare: (graphd) => graphd.addJob('nba', { command: 'STATS', status: 'RUNNING' }),
    });
    const random = seededRandom(20261125);
    const texts = Array.from({ length: 1000 }, () => hostileText(random));
    let answered = 0;
    for (let i = 0; i < texts.length; i += 20) {
      const batch = texts.slice(i, i + 20);
      const replies = await Promise.all(batch.map((text, j) => h.command(text, { userId: (i + j) % 3 === 0 ? 'UADMIN' : 'U1' })));
      for (const reply of replies) {
        expectValidMessage(reply.body);
        const body = JSON.stringify(reply.body);
        expect(body).not.toMatch(/\.ts:\d+|at [\w.<>]+ \(|Something went wrong/);
        answered += 1;
      }
    }
    expect(answered).toBe(1000);
    const unexpected = h.graphd.statements({ includePings: true }).filter((s) => !ALLOWED.test(s));
    expect(unexpected).toEqual([]);
    expect(h.graphd.engine.hasSpace('y')).toBe(true);
    expect((await fetch(h.healthUrl)).status).toBe(200);
  });
});
