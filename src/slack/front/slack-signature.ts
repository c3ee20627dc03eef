import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack refuses to replay a request older than this; so do we. */
const MAX_AGE_SECONDS = 5 * 60;

/**
 * Why a request does not carry Slack's v0 signature (HMAC-SHA256 of `v0:<timestamp>:<raw body>`
 * under the signing secret, within five minutes of now), or undefined when it does.
 */
export function signatureProblem(signingSecret: string, rawBody: string, signature: string | undefined, timestamp: string | undefined, nowMs = Date.now()): string | undefined {
  if (!signature || !timestamp) return 'missing X-Slack-Signature or X-Slack-Request-Timestamp';
  const seconds = Number(timestamp);
  if (!Number.isInteger(seconds)) return 'malformed X-Slack-Request-Timestamp';
  if (Math.abs(nowMs / 1000 - seconds) > MAX_AGE_SECONDS) return 'stale X-Slack-Request-Timestamp';
  const expected = Buffer.from(`v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`);
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'signature mismatch';
  return undefined;
}
