import { isServedTeam, requestTeam } from '../../../src/slack/app/team-check';

describe('which workspaces the bot serves', () => {
  const workspace = { teamId: 'T1', enterpriseId: 'E1', orgWide: false };

  it.each([
    ['its own workspace', { teamId: 'T1' }, [], true],
    ['its own workspace inside its org', { teamId: 'T1', enterpriseId: 'E1' }, [], true],
    ['another workspace of the same org', { teamId: 'T2', enterpriseId: 'E1' }, [], false],
    ['another org', { teamId: 'T9', enterpriseId: 'E9' }, [], false],
    ['a request naming no team', {}, [], false],
    ['a workspace SLACK_ALLOWED_TEAMS names', { teamId: 'T2' }, ['T2'], true],
    ['an org SLACK_ALLOWED_TEAMS names', { teamId: 'T7', enterpriseId: 'E7' }, ['E7'], true],
  ])('%s', (_what, request, allowed, served) => {
    expect(isServedTeam(request, workspace, new Set(allowed))).toBe(served);
  });

  it('serves the whole org when the app is installed org-wide', () => {
    expect(isServedTeam({ teamId: 'T2', enterpriseId: 'E1' }, { ...workspace, orgWide: true }, new Set())).toBe(true);
  });

  it('reads the team and org of commands and clicks as Slack sends them', () => {
    expect(requestTeam({ team_id: 'T1', enterprise_id: 'E1', user_id: 'U1' })).toEqual({ teamId: 'T1', enterpriseId: 'E1', userId: 'U1' });
    expect(requestTeam({ type: 'block_actions', team: { id: 'T2' }, user: { id: 'U2', team_id: 'T2' } })).toEqual({ teamId: 'T2', enterpriseId: undefined, userId: 'U2' });
    // Org-wide installs send `team: null` on some surfaces: the user's team counts.
    expect(requestTeam({ type: 'block_actions', team: null, enterprise: { id: 'E1' }, user: { id: 'U3', team_id: 'T3' } })).toEqual({
      teamId: 'T3',
      enterpriseId: 'E1',
      userId: 'U3',
    });
  });
});
