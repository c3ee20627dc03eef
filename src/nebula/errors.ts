import { JobsError } from '../jobs/jobs-error';

/** Error codes graphd and the client use (common.thrift ErrorCode; client-side 999x). */
export const NebulaCode = {
  badUsernamePassword: -1001,
  sessionInvalid: -1002,
  syntax: -1004,
  execution: -1005,
  statementEmpty: -1006,
  badPermission: -1008,
  semantic: -1009,
  clientTimeout: 9996,
  clientBufferFull: 9997,
  clientConfig: 9998,
} as const;

/** The shape of the client's NebulaError (not exported from the package root). */
export interface NebulaFailure {
  errno: number;
  message: string;
}

export function isNebulaFailure(error: unknown): error is NebulaFailure {
  const e = error as { code?: unknown; errno?: unknown } | null;
  return !!e && e.code === 'ERR_NEBULA' && typeof e.errno === 'number';
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);

export function isNetworkError(error: unknown): error is NodeJS.ErrnoException {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && NETWORK_CODES.has(code);
}

export interface StatementContext {
  space?: string;
  jobId?: number;
  /** The job's kind, so a refusal can name it. */
  command?: string;
}

/**
 * graphd reports every job-manager refusal as -1005 with a fixed text (the meta code is not
 * sent), so refusals are recognised by their message. Texts are those of graphd 3.0–3.8.
 */
const EXECUTION_MESSAGES: Array<[RegExp, (c: StatementContext) => JobsError]> = [
  [
    /^Job not existed in chosen space!|^Key not existed!|^Invalid param!/,
    (c) => new JobsError('job-not-found', `Job ${c.jobId ?? ''} does not exist in space \`${c.space ?? '?'}\` (or it has expired).`, 'Use `list` to see the jobs of the space.'),
  ],
  [/^Finished job or failed job can not be stopped|^Save job failure!/, () => new JobsError('action-refused', 'A finished or failed job cannot be stopped.')],
  // E_JOB_NOT_STOPPABLE comes only while metad runs the job: once a metad restart has orphaned it, STOP works.
  [
    /^The job type do not support stopping/,
    (c) =>
      new JobsError(
        'action-refused',
        `NebulaGraph says ${c.command ?? 'these'} jobs cannot be stopped while they run: wait for it to finish; if it is stuck after a metad restart, STOP is accepted.`,
      ),
  ],
  [/^SpaceNotFound/, (c) => new JobsError('space-not-found', `Graph space \`${c.space ?? '?'}\` does not exist.`, '`spaces` lists the spaces the bot can see.')],
  [/^Need to recover or stop failed data balance job firstly!/, () => new JobsError('action-refused', 'A failed BALANCE DATA job must be recovered or stopped first.')],
];

/** Turns a client or graphd failure into words for people. Anything unknown keeps graphd's text. */
export function toJobsError(error: unknown, context: StatementContext = {}): JobsError {
  if (error instanceof JobsError) return error;
  if (isNetworkError(error)) {
    return new JobsError('nebula-unreachable', `Cannot reach NebulaGraph (${error.code}).`);
  }
  if (!isNebulaFailure(error)) {
    return new JobsError('nebula-error', 'NebulaGraph failed in an unexpected way.');
  }
  const { errno, message } = error;
  switch (errno) {
    case NebulaCode.clientTimeout:
      return new JobsError('nebula-timeout', 'NebulaGraph did not answer in time.');
    case NebulaCode.clientBufferFull:
      return new JobsError('nebula-busy', 'NebulaGraph is too busy to take the request right now.');
    case NebulaCode.badUsernamePassword:
      return new JobsError('nebula-credentials', "NebulaGraph rejected the bot's user name or password.", 'An administrator should check NEBULA_USER and NEBULA_PASSWORD.');
    case NebulaCode.sessionInvalid:
      if (/Too many sessions/.test(message)) {
        return new JobsError(
          'nebula-error',
          "NebulaGraph refuses new sessions for the bot's account: too many are open from this host.",
          'See max_sessions_per_ip_per_user in nebula-graphd.conf; idle sessions expire after session_idle_timeout_secs.',
        );
      }
      return new JobsError('nebula-error', "The bot's NebulaGraph session ended; it is reconnecting. Try again.");
    case NebulaCode.badPermission:
      return new JobsError(
        'graph-permission',
        `NebulaGraph does not let the bot's account do this${context.space ? ` in \`${context.space}\`` : ''} (${message.replace(/^PermissionError:\s*/, '')})`,
        "A NebulaGraph admin can GRANT the bot's user a role in that space.",
      );
    case NebulaCode.semantic:
      if (/Space was not chosen/.test(message)) return new JobsError('space-not-chosen', 'No graph space was chosen for this statement.');
      break;
    case NebulaCode.execution: {
      const known = EXECUTION_MESSAGES.find(([pattern]) => pattern.test(message));
      if (known) return known[1](context);
      break;
    }
    default:
      break;
  }
  return new JobsError('nebula-error', `NebulaGraph answered with an error: ${message || `code ${errno}`}`);
}
