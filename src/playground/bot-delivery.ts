import { signedHeaders } from './request-signing';

/** How the bot answered a delivery: its ack, or why there was none (Slack's words). */
export type Ack = { ok: true; body: string } | { ok: false; error: string };

export interface BotEndpoint {
  /** The bot's POST /slack/events. */
  eventsUrl: string;
  signingSecret: string;
}

/**
 * Delivers slash commands and interactions to the bot as Slack does: a form-encoded POST, signed,
 * that must be acknowledged within the ack deadline (Slack's is 3 s).
 */
export class BotDelivery {
  private endpoint: BotEndpoint | null = null;

  constructor(private readonly options: { ackTimeoutMs: number; now: () => Date }) {}

  connect(endpoint: BotEndpoint): void {
    this.endpoint = endpoint;
  }

  async deliver(form: Record<string, string>): Promise<Ack> {
    if (!this.endpoint) return { ok: false, error: 'app_not_running' };
    const body = new URLSearchParams(form).toString();
    const timestamp = Math.floor(this.options.now().getTime() / 1000);
    try {
      const response = await fetch(this.endpoint.eventsUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...signedHeaders(this.endpoint.signingSecret, body, timestamp) },
        body,
        signal: AbortSignal.timeout(this.options.ackTimeoutMs),
      });
      const text = await response.text();
      return response.status === 200 ? { ok: true, body: text } : { ok: false, error: `http_service_error (HTTP ${response.status})` };
    } catch (error) {
      return { ok: false, error: (error as Error).name === 'TimeoutError' ? 'operation_timeout' : 'dispatch_failed' };
    }
  }
}
