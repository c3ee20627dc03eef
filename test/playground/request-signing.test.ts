import { isValidSlackRequest } from '@slack/bolt';
import { signedHeaders, slackSignature } from '../../src/playground/request-signing';

describe('request signing, as Slack signs', () => {
  it('matches the example in Slack\'s "Verifying requests from Slack" guide', () => {
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    expect(slackSignature('8f742231b10e8888abcd99yyyzzz85a5', body, 1531420618)).toBe('v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503');
  });

  it("is accepted by Bolt's verifier, and refused under another secret or a changed body", () => {
    const body = 'payload=%7B%22type%22%3A%22block_actions%22%7D';
    const headers = signedHeaders('playground-secret-1', body, 1_800_000_000);
    const request = (secret: string, text: string) => ({
      signingSecret: secret,
      body: text,
      headers: { 'x-slack-signature': headers['X-Slack-Signature'], 'x-slack-request-timestamp': Number(headers['X-Slack-Request-Timestamp']) },
      nowMilliseconds: 1_800_000_010_000,
    });
    expect(isValidSlackRequest(request('playground-secret-1', body))).toBe(true);
    expect(isValidSlackRequest(request('another-secret', body))).toBe(false);
    expect(isValidSlackRequest(request('playground-secret-1', `${body}x`))).toBe(false);
  });
});
