/** What a failed Slack Web API call says about itself, read in one place (WebClient errors are untyped). */
export interface SlackCallError {
  /** WebClient's error code: slack_webapi_platform_error, slack_webapi_http_error, slack_webapi_rate_limited_error, … */
  code: string | null;
  /** Slack's own error string for an `ok: false` answer (e.g. channel_not_found), else null. */
  reason: string | null;
  /** HTTP status of a failed request, when there was one. */
  status: number | null;
  /** Seconds Slack asked to wait (429). */
  retryAfterSeconds: number | null;
  message: string;
}

export function slackCallError(error: unknown): SlackCallError {
  const e = (error ?? {}) as { code?: unknown; data?: { error?: unknown }; statusCode?: unknown; retryAfter?: unknown; message?: unknown };
  return {
    code: typeof e.code === 'string' ? e.code : null,
    reason: typeof e.data?.error === 'string' ? e.data.error : null,
    status: typeof e.statusCode === 'number' ? e.statusCode : null,
    retryAfterSeconds: typeof e.retryAfter === 'number' ? e.retryAfter : null,
    message: typeof e.message === 'string' ? e.message : String(error),
  };
}

/** Slack's reason if it gave one, else the error's message: for logs and short notes to people. */
export function slackErrorReason(error: unknown): string {
  const e = slackCallError(error);
  return e.reason ?? e.message;
}
