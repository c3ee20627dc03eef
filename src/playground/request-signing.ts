import { createHmac } from 'node:crypto';

/**
 * Slack's request signature, version 0: HMAC-SHA256 of `v0:<timestamp>:<raw body>` keyed with the
 * app's signing secret, hex-encoded. The bot's receiver checks it (and the timestamp's age) on
 * every request, so the playground signs exactly as Slack does.
 */
export function slackSignature(signingSecret: string, rawBody: string, timestampSec: number): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestampSec}:${rawBody}`).digest('hex')}`;
}

export function signedHeaders(signingSecret: string, rawBody: string, timestampSec: number): Record<string, string> {
  return { 'X-Slack-Request-Timestamp': String(timestampSec), 'X-Slack-Signature': slackSignature(signingSecret, rawBody, timestampSec) };
}
