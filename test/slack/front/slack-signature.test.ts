import { signatureProblem } from '../../../src/slack/front/slack-signature';
import { signSlackRequest } from '../../support/slack-fake';

describe("Slack's request signature, as the front thread checks it", () => {
  const secret = 'signing-secret';
  const body = 'command=%2Fjobs&text=list';
  const now = Date.UTC(2026, 11, 3, 7, 0, 0);
  const seconds = now / 1000;
  const signed = (rawBody = body, at = seconds, key = secret): [string, string] => {
    const headers = signSlackRequest(key, rawBody, at);
    return [headers['X-Slack-Signature'], headers['X-Slack-Request-Timestamp']];
  };

  it('accepts what Slack signed, within five minutes either way', () => {
    expect(signatureProblem(secret, body, ...signed(), now)).toBeUndefined();
    expect(signatureProblem(secret, body, ...signed(body, seconds - 299), now)).toBeUndefined();
    expect(signatureProblem(secret, body, ...signed(body, seconds + 299), now)).toBeUndefined();
  });

  it.each([
    ['another secret', () => signatureProblem(secret, body, ...signed(body, seconds, 'other'), now), 'signature mismatch'],
    ['a changed body', () => signatureProblem(secret, `${body}&x=1`, ...signed(), now), 'signature mismatch'],
    ['a replay after five minutes', () => signatureProblem(secret, body, ...signed(body, seconds - 301), now), 'stale X-Slack-Request-Timestamp'],
    ['a timestamp that is no number', () => signatureProblem(secret, body, signed()[0], 'soon', now), 'malformed X-Slack-Request-Timestamp'],
    ['no signature', () => signatureProblem(secret, body, undefined, String(seconds), now), 'missing X-Slack-Signature or X-Slack-Request-Timestamp'],
    ['a signature of another length', () => signatureProblem(secret, body, 'v0=abc', String(seconds), now), 'signature mismatch'],
  ])('refuses %s', (_what, check, problem) => {
    expect(check()).toBe(problem);
  });
});
