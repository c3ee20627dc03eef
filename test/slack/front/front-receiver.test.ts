import type { Worker } from 'node:worker_threads';
import type { App } from '@slack/bolt';
import { createLogger } from '../../../src/logging/logger';
import type { SlackMessage } from '../../../src/slack/blocks/message';
import { FrontReceiver } from '../../../src/slack/front/front-receiver';
import { SIGNING_SECRET } from '../../support/bot-harness';
import { signSlackRequest } from '../../support/slack-fake';
import { builtFile } from '../../support/test-build';
import { waitUntil } from '../../support/wait-until';

/** The receiver with a stand-in for Bolt's App: what reaches processEvent, and what an ack with a message becomes. */
describe('the front receiver', () => {
  const logs: string[] = [];
  const events: Array<{ body: Record<string, unknown>; retryNum?: number; ack: (response?: unknown) => Promise<void> }> = [];
  const responses: Array<{ url: string; message: SlackMessage }> = [];
  let receiver: FrontReceiver;
  let port: number;

  beforeAll(async () => {
    receiver = new FrontReceiver({
      port: 0,
      host: '127.0.0.1',
      signingSecret: SIGNING_SECRET,
      routes: [
        { path: '/healthz', answer: async () => ({ status: 200, contentType: 'application/json', body: '{"ok":true}' }) },
        { path: '/broken', answer: async () => Promise.reject(new Error('no report today')) },
      ],
      respondTo: async (url, message) => void responses.push({ url, message }),
      script: builtFile('slack/front/front-thread'),
      logger: createLogger({ write: (line) => logs.push(line) }),
    });
    receiver.init({ processEvent: async (event: (typeof events)[number]) => void events.push(event) } as unknown as App);
    port = await receiver.start();
  });
  afterAll(async () => receiver.stop());

  const send = (body: string, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(`http://127.0.0.1:${port}/slack/events`, {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...signSlackRequest(SIGNING_SECRET, body), ...headers },
    });

  it('acks, then hands Bolt the request as its own receiver parses it; a message acked late goes to the response_url', async () => {
    const command = new URLSearchParams({ command: '/jobs', text: 'list', team_id: 'T2', response_url: 'https://hooks.example/r1' }).toString();
    const acked = await send(command);
    expect(acked.status).toBe(200);
    expect(await acked.text()).toBe('');
    await waitUntil(() => events.length === 1, 'the command to reach processEvent');
    expect(events[0].body).toMatchObject({ command: '/jobs', text: 'list', team_id: 'T2' });
    await events[0].ack({ response_type: 'ephemeral', text: 'Not for you.' });
    await events[0].ack('twice'); // a second ack changes nothing
    expect(responses).toEqual([{ url: 'https://hooks.example/r1', message: { response_type: 'ephemeral', text: 'Not for you.' } }]);

    const click = `payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions', actions: [{ action_id: 'a' }] }))}`;
    expect((await send(click, { 'X-Slack-Retry-Num': '2', 'X-Slack-Retry-Reason': 'http_timeout' })).status).toBe(200);
    await waitUntil(() => events.length === 2, 'the click to reach processEvent');
    expect(events[1]).toMatchObject({ body: { type: 'block_actions' }, retryNum: 2, retryReason: 'http_timeout' });
    await events[1].ack();
    expect(responses).toHaveLength(1);
  });

  it('replaces a front thread that dies, on the same port', async () => {
    const worker = (receiver as unknown as { worker: Worker }).worker;
    const listened = logs.filter((line) => line.includes('"slack.front_listening"')).length;
    await worker.terminate();
    await waitUntil(() => logs.filter((line) => line.includes('"slack.front_listening"')).length > listened, 'a new front thread to listen');
    expect(logs.some((line) => line.includes('"slack.front_exited"'))).toBe(true);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  });

  it('answers 500 for a route that fails, and logs why', async () => {
    const answered = await fetch(`http://127.0.0.1:${port}/broken`);
    expect(answered.status).toBe(500);
    expect(await answered.text()).not.toContain('no report today');
    expect(logs.some((line) => line.includes('"slack.route_failed"') && line.includes('no report today'))).toBe(true);
  });
});
