import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Logger } from '../../logging/logger';
import { slackErrorReason } from '../web-api/slack-errors';

/** The workspace the bot token belongs to, as auth.test tells it. */
export interface Workspace {
  teamId?: string;
  enterpriseId?: string;
  /** Installed for a whole Enterprise Grid org: every workspace of the org is served. */
  orgWide: boolean;
}

/** Who a command or click comes from, as Slack's signed payload says. */
export interface RequestTeam {
  teamId?: string;
  enterpriseId?: string;
  userId?: string;
}

export const FOREIGN_TEAM_TEXT = 'This bot only answers people of the workspace it is installed in.';

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const field = (value: unknown, key: string): unknown => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined);

/** Slash commands carry team_id and enterprise_id; clicks carry team (null in some org-wide installs), enterprise and user. */
export function requestTeam(body: Record<string, unknown>): RequestTeam {
  if (typeof body.team_id === 'string') {
    return { teamId: text(body.team_id), enterpriseId: text(body.enterprise_id), userId: text(body.user_id) };
  }
  return {
    teamId: text(field(body.team, 'id')) ?? text(field(body.user, 'team_id')),
    enterpriseId: text(field(body.enterprise, 'id')) ?? text(field(body.team, 'enterprise_id')),
    userId: text(field(body.user, 'id')),
  };
}

/**
 * The token's own workspace (or, for an org-wide install, its org), and the teams or orgs
 * SLACK_ALLOWED_TEAMS adds. A request naming no team is refused.
 */
export function isServedTeam(request: RequestTeam, workspace: Workspace, allowed: ReadonlySet<string>): boolean {
  const { teamId, enterpriseId } = request;
  if (teamId && (teamId === workspace.teamId || allowed.has(teamId))) return true;
  if (enterpriseId && (allowed.has(enterpriseId) || (workspace.orgWide && enterpriseId === workspace.enterpriseId))) return true;
  return false;
}

/** auth.test, asked once (again after a failure). */
function workspaceOf(authTest: () => Promise<Record<string, unknown>>): () => Promise<Workspace> {
  let known: Promise<Workspace> | null = null;
  return () => {
    known ??= authTest().then(
      (result) => ({ teamId: text(result.team_id), enterpriseId: text(result.enterprise_id), orgWide: result.is_enterprise_install === true }),
      (error: unknown) => {
        known = null;
        throw error;
      },
    );
    return known;
  };
}

/**
 * Global middleware: a signed request can still come from another workspace (a Slack Connect
 * channel, another workspace of the org, a second install of the app). Those get a short
 * refusal (commands) or nothing (clicks), and a log line; no listener runs.
 */
export function teamCheck(options: { authTest: () => Promise<Record<string, unknown>>; allowedTeams: readonly string[]; logger: Logger }): Middleware<AnyMiddlewareArgs> {
  const allowed = new Set(options.allowedTeams);
  const workspace = workspaceOf(options.authTest);
  return async (args) => {
    const body = args.body as unknown as Record<string, unknown>;
    const request = requestTeam(body);
    let served: boolean;
    try {
      served = (request.teamId !== undefined && allowed.has(request.teamId)) || isServedTeam(request, await workspace(), allowed);
    } catch (error) {
      options.logger.warn('slack.team_unverified', { team: request.teamId, user: request.userId, error: slackErrorReason(error) });
      served = false;
    }
    if (served) {
      await args.next();
      return;
    }
    const kind = typeof body.command === 'string' ? 'command' : String(body.type ?? 'unknown');
    options.logger.warn('slack.foreign_team', { team: request.teamId, enterprise: request.enterpriseId, user: request.userId, kind });
    const ack = (args as { ack?: (response?: unknown) => Promise<void> }).ack;
    if (ack) await ack(kind === 'command' ? { response_type: 'ephemeral', text: FOREIGN_TEAM_TEXT } : undefined);
  };
}
