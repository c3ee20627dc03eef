/**
 * Resolves once `condition` holds, checking every few milliseconds; rejects after `timeoutMs`
 * with `what` in the message. For state that has no event to wait on (a sender's pause, a count).
 */
export async function waitUntil(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
