import { Counter, Gauge, type Registry } from 'prom-client';
import { BoundedValues, PREFIX } from './metric-labels';

/** The fetch the Slack Web API clients use (WebClient's `fetch` option): global fetch's shape. */
export type WebFetch = (url: string | URL, init?: RequestInit) => Promise<Response>;

/** Slack error strings answered with HTTP 200 look like this in the body. */
const OK_FALSE = /"ok"\s*:\s*false/;

/** The Web API method a request calls, or null for another URL (Bolt posts response_urls through the same fetch). */
function methodOf(url: string | URL, apiUrl: string): string | null {
  const text = String(url);
  return text.startsWith(apiUrl) ? text.slice(apiUrl.length).split(/[?#]/)[0] : null;
}

/** A request that got no answer: timed out (ours or a proxy's abort), or failed on the way. */
function requestErrorOf(error: unknown): string {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network';
}

async function slackErrorOf(response: Response): Promise<string | null> {
  if (response.status !== 200) return `http_${response.status}`;
  const text = await response.clone().text();
  if (!OK_FALSE.test(text)) return null;
  try {
    const error = (JSON.parse(text) as { error?: unknown }).error;
    return typeof error === 'string' ? error : 'unknown_error';
  } catch {
    return 'unknown_error';
  }
}

/**
 * Slack Web API requests and their failures, by method and error, seen where every WebClient
 * (the bot's own and Bolt's) sends them: each HTTP attempt counts, retries included. Errors are
 * Slack's own strings (channel_not_found, ratelimited, invalid_auth…), `http_<status>` for
 * another status than 200, `timeout` and `network` for no answer. Method names and errors come
 * from outside, so each is bounded (beyond the bound: `other`).
 */
export class SlackMetrics {
  private readonly requests: Counter<'method'>;
  private readonly errors: Counter<'method' | 'error'>;
  private readonly methods = new BoundedValues(60);
  private readonly errorCodes = new BoundedValues(60);
  private connected: () => boolean = () => true;

  constructor(registry: Registry) {
    this.requests = new Counter({
      name: `${PREFIX}slack_api_requests_total`,
      help: 'Slack Web API requests (each HTTP attempt, retries included), by method.',
      labelNames: ['method'],
      registers: [registry],
    });
    this.errors = new Counter({
      name: `${PREFIX}slack_api_errors_total`,
      help: "Slack Web API requests that failed, by method and error: Slack's error string, http_<status>, timeout or network.",
      labelNames: ['method', 'error'],
      registers: [registry],
    });
    const up: Gauge = new Gauge({
      name: `${PREFIX}slack_connected`,
      help: '1 while the Socket Mode connection to Slack is open (always 1 in HTTP mode).',
      registers: [registry],
      collect: () => up.set(this.connected() ? 1 : 0),
    });
  }

  readAt(connected: () => boolean): void {
    this.connected = connected;
  }

  /**
   * `base` (global fetch unless given), counting each request to the Web API at `apiUrl`
   * (SLACK_API_URL, with its trailing slash); other requests pass uncounted.
   */
  fetch(apiUrl: string, base: WebFetch = (url, init) => fetch(url, init)): WebFetch {
    return async (url, init) => {
      const called = methodOf(url, apiUrl);
      if (called === null) return base(url, init);
      const method = this.methods.value(called);
      this.requests.inc({ method });
      let response: Response;
      try {
        response = await base(url, init);
      } catch (error) {
        this.errors.inc({ method, error: requestErrorOf(error) });
        throw error;
      }
      const error = await slackErrorOf(response).catch(() => null);
      if (error) this.errors.inc({ method, error: this.errorCodes.value(error) });
      return response;
    };
  }
}
