/** The Slack settings start-up can find not working; the entry point names their variables. */
export type SlackSetting = 'botToken' | 'appToken' | 'apiUrl' | 'port';

/** Start-up could not reach or use Slack, or bind its port: `setting` when one is to blame. */
export class SlackStartError extends Error {
  constructor(
    readonly setting: SlackSetting | null,
    message: string,
  ) {
    super(message);
    this.name = 'SlackStartError';
  }
}

/** Slack's answers that mean the token itself is wrong, not that Slack is having trouble. */
const TOKEN_ERRORS = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'not_allowed_token_type',
  'missing_scope',
  'no_permission',
  'team_access_not_granted',
  'ekm_access_denied',
  'invalid_token',
]);

const FIX: Record<'botToken' | 'appToken', string> = {
  botToken: "copy the Bot User OAuth Token (xoxb-…) from your Slack app's OAuth & Permissions page",
  appToken: 'generate one with the connections:write scope under Basic Information → App-Level Tokens',
};

interface WebApiError {
  code?: string;
  data?: { error?: string };
  statusCode?: number;
  original?: { message?: string; cause?: { code?: string; message?: string } };
}

/**
 * What a failed Web API call at start-up means: `token` made the call `method` (auth.test is
 * the bot token's, apps.connections.open the app token's; both answer `invalid_auth` alike).
 */
export function slackCallFailure(error: unknown, call: { token: 'botToken' | 'appToken'; method: string; apiUrl: string; apiUrlSet: boolean }): unknown {
  const failure = error as WebApiError;
  const name = call.token === 'botToken' ? 'bot token' : 'app-level token';
  switch (failure.code) {
    case 'slack_webapi_platform_error': {
      const answer = failure.data?.error ?? 'unknown_error';
      if (TOKEN_ERRORS.has(answer)) return new SlackStartError(call.token, `Slack rejected the ${name} (${answer} from ${call.method}); ${FIX[call.token]}`);
      return new SlackStartError(null, `Slack answered ${answer} to ${call.method} at ${call.apiUrl}`);
    }
    case 'slack_webapi_request_error': {
      const cause = failure.original?.cause;
      const reason = cause?.code ?? cause?.message ?? failure.original?.message ?? 'no answer';
      const hint = call.apiUrlSet ? '' : '; check the network, DNS and any firewall between the bot and Slack';
      return new SlackStartError(call.apiUrlSet ? 'apiUrl' : null, `cannot reach Slack's Web API at ${call.apiUrl} (${reason})${hint}`);
    }
    case 'slack_webapi_http_error':
      return new SlackStartError(call.apiUrlSet ? 'apiUrl' : null, `Slack's Web API at ${call.apiUrl} answered HTTP ${failure.statusCode ?? '?'} to ${call.method}`);
    case 'slack_webapi_rate_limited_error':
      return new SlackStartError(null, `Slack rate-limited ${call.method} at start-up; try again in a minute`);
    default:
      return error;
  }
}

/** A listen error on the HTTP port (events in HTTP mode, /healthz in both). */
export function portFailure(error: unknown, port: number): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return new SlackStartError('port', `${port} is already in use (EADDRINUSE); choose another port, or stop what listens on it`);
  if (code === 'EACCES') return new SlackStartError('port', `${port} needs privileges this process lacks (EACCES); use a port above 1023`);
  if (code) return new SlackStartError('port', `cannot listen on ${port} (${code})`);
  return error;
}
