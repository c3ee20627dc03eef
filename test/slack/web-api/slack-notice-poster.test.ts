import { createServer } from 'node:net';
import { DeliveryError, type DeliveryFailure } from '../../../src/alerts/notice-poster';
import type { Notice } from '../../../src/alerts/notices';
import { createLogger } from '../../../src/logging/logger';
import { deliveryFailure, SlackNoticePoster } from '../../../src/slack/web-api/slack-notice-poster';
import { createWebClients } from '../../../src/slack/web-api/web-clients';
import { SlackFake } from '../../support/slack-fake';

const NOTICE: Notice = { kind: 'outage', cluster: 'default', since: 1_700_000_000_000, reason: 'connection refused' };

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("SlackNoticePoster: Web API failures in the sender's terms", () => {
  let slack: SlackFake;
  beforeAll(async () => (slack = await SlackFake.start()));
  afterAll(async () => slack.close());
  afterEach(() => (slack.authError = null));

  const poster = (apiUrl = slack.apiUrl): SlackNoticePoster =>
    new SlackNoticePoster(
      createWebClients({ botToken: 'xoxb-test', apiUrl, logLevel: 'error', outboxTimeoutMs: 300 }, createLogger({ level: 'error', write: () => undefined })).outbox,
    );

  async function failure(post: Promise<unknown>): Promise<DeliveryFailure> {
    const error = await post.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DeliveryError);
    return (error as DeliveryError).failure;
  }

  it.each(['invalid_auth', 'token_revoked', 'account_inactive'])('reads %s as a refused token, not a failed message', async (reason) => {
    slack.authError = reason;
    expect(await failure(poster().post('C1', NOTICE))).toEqual({ kind: 'auth', error: reason });
  });

  it('reads channel_not_found and is_archived as permanent, not_in_channel as such', async () => {
    slack.failNext('chat.postMessage', { error: 'channel_not_found' });
    expect(await failure(poster().post('C1', NOTICE))).toEqual({ kind: 'permanent', error: 'channel_not_found' });
    slack.failNext('chat.postMessage', { error: 'is_archived' });
    expect(await failure(poster().post('C1', NOTICE))).toEqual({ kind: 'permanent', error: 'is_archived' });
    slack.setMember('CPUB', false);
    expect(await failure(poster().post('CPUB', NOTICE))).toEqual({ kind: 'not-in-channel' });
  });

  it('reads 429 as a rate limit and 503 as transient', async () => {
    slack.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 3 });
    expect(await failure(poster().post('C1', NOTICE))).toEqual({ kind: 'rate-limited', retryAfterMs: 3000 });
    slack.failNext('chat.postMessage', { status: 503 });
    expect(await failure(poster().post('C1', NOTICE))).toEqual({ kind: 'transient', error: 'HTTP 503' });
  });

  it('gives up on a call Slack never answers after the client timeout, with the outcome unknown', async () => {
    slack.failNext('chat.postMessage', { hang: true });
    expect(await failure(poster().post('C1', NOTICE))).toEqual({ kind: 'transient', error: 'Slack did not answer in time', outcomeUnknown: true });
  });

  it('tells a connection cut after sending (outcome unknown) from one refused before (nothing sent)', async () => {
    slack.failNext('chat.postMessage', { drop: true });
    expect(await failure(poster().post('C1', NOTICE))).toMatchObject({ kind: 'transient', outcomeUnknown: true });
    // fetch's own error, as WebClient hands it on (under jest it arrives re-wrapped, its cause lost).
    const refused: unknown = await fetch(`http://127.0.0.1:${await closedPort()}/api/chat.postMessage`, { method: 'POST' }).catch((error: unknown) => error);
    expect(deliveryFailure({ code: 'slack_webapi_request_error', message: 'A request error occurred: fetch failed', original: refused })).toEqual({
      kind: 'transient',
      error: 'ECONNREFUSED',
    });
  });
});
