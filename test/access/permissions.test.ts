import type { GroupDirectory } from '../../src/access/group-directory';
import { canDecide, decideAction, mayView, roleIn } from '../../src/access/permissions';
import { DEFAULT_APPROVALS, type Policy, VIEW_ONLY_POLICY } from '../../src/access/policy';
import type { SpaceRef } from '../../src/spaces/space-ref';

/** A space of the default cluster, as rules without a cluster name it. */
const at = (space: string): SpaceRef => ({ cluster: 'default', space });

const groups = (members: Record<string, string[] | null>): GroupDirectory => ({
  isMember: async (group, user) => {
    const list = members[group];
    return list === undefined || list === null ? null : list.includes(user);
  },
});

const policy: Policy = {
  configured: true,
  defaultRole: 'viewer',
  rules: [
    { subjects: ['UOPS'], spaces: ['*'], role: 'operator' },
    { subjects: ['UADMIN'], spaces: ['nba'], role: 'admin' },
    { subjects: ['SONCALL'], spaces: ['nba', 'ldbc'], role: 'operator' },
    { subjects: ['SLEADS'], spaces: ['*'], role: 'admin' },
  ],
  approvals: { ...DEFAULT_APPROVALS, stop: 'required' },
};

describe('roleIn: the permission matrix', () => {
  const directory = groups({ SONCALL: ['UONCALL'], SLEADS: ['ULEAD'] });

  it.each([
    ['UNOBODY', 'nba', 'viewer'],
    ['UOPS', 'nba', 'operator'],
    ['UOPS', 'anything', 'operator'],
    ['UADMIN', 'nba', 'admin'],
    ['UADMIN', 'ldbc', 'viewer'],
    ['UONCALL', 'ldbc', 'operator'],
    ['UONCALL', 'other', 'viewer'],
    ['ULEAD', 'other', 'admin'],
  ])('%s in %s is %s', async (user, space, role) => {
    expect(await roleIn(policy, directory, user, at(space))).toBe(role);
  });

  it('grants nothing through a group Slack cannot resolve right now', async () => {
    expect(await roleIn(policy, groups({ SONCALL: null, SLEADS: null }), 'UONCALL', at('nba'))).toBe('viewer');
  });

  it('makes everyone a viewer without a policy file', async () => {
    expect(await roleIn(VIEW_ONLY_POLICY, directory, 'UADMIN', at('nba'))).toBe('viewer');
  });

  it('honours a default role', async () => {
    expect(await roleIn({ ...policy, defaultRole: 'operator' }, directory, 'UNOBODY', at('x'))).toBe('operator');
  });

  it('has a role below viewer: no rule, no view', async () => {
    const closed: Policy = { ...policy, defaultRole: 'none', rules: [...policy.rules, { subjects: ['UREADER'], spaces: ['ldbc'], role: 'viewer' }] };
    expect(await roleIn(closed, directory, 'UNOBODY', at('nba'))).toBe('none');
    expect(await roleIn(closed, directory, 'UREADER', at('ldbc'))).toBe('viewer');
    expect(await roleIn(closed, directory, 'UREADER', at('nba'))).toBe('none');
    expect(await roleIn(closed, directory, 'UOPS', at('nba'))).toBe('operator');
    expect([mayView('none'), mayView('viewer'), mayView('operator'), mayView('admin')]).toEqual([false, true, true, true]);
    expect(decideAction(closed, 'none', 'stop', at('nba'))).toMatchObject({ kind: 'deny' });
  });

  it('asks the group directory for fresh membership for decisions, and lets reads use its cache', async () => {
    const asked: string[] = [];
    const spy: GroupDirectory = {
      isMember: async (group, user, freshness) => {
        asked.push(`${group}:${freshness ?? 'fresh'}`);
        return group === 'SONCALL' && user === 'UONCALL';
      },
    };
    expect(await roleIn(policy, spy, 'UONCALL', at('nba'))).toBe('operator');
    expect(await roleIn(policy, spy, 'UONCALL', at('nba'), 'cached')).toBe('operator');
    expect(asked).toEqual(['SLEADS:fresh', 'SONCALL:fresh', 'SLEADS:cached', 'SONCALL:cached']);
  });
});

describe('decideAction', () => {
  it('denies viewers, and says how rights are granted', () => {
    expect(decideAction(policy, 'viewer', 'stop', at('nba'))).toMatchObject({ kind: 'deny', reason: expect.stringContaining('operator role in `nba`') });
    expect(decideAction(VIEW_ONLY_POLICY, 'viewer', 'recover', at('nba'))).toMatchObject({ kind: 'deny', reason: expect.stringContaining('ACCESS_FILE') });
  });

  it('asks for approval where the policy requires it', () => {
    expect(decideAction(policy, 'operator', 'stop', at('nba'))).toEqual({ kind: 'request-approval' });
    expect(decideAction(policy, 'operator', 'recover', at('nba'))).toEqual({ kind: 'execute' });
    expect(decideAction(policy, 'admin', 'stop', at('nba'))).toEqual({ kind: 'request-approval' });
  });

  it('lets admins skip approval only with adminsBypass', () => {
    const bypass = { ...policy, approvals: { ...policy.approvals, adminsBypass: true } };
    expect(decideAction(bypass, 'admin', 'stop', at('nba'))).toEqual({ kind: 'execute' });
    expect(decideAction(bypass, 'operator', 'stop', at('nba'))).toEqual({ kind: 'request-approval' });
  });
});

describe('canDecide', () => {
  it('needs another person who is an admin', () => {
    expect(canDecide('admin', 'U1', 'U1')).toMatchObject({ ok: false, reason: expect.stringContaining('your own request') });
    expect(canDecide('operator', 'U2', 'U1')).toMatchObject({ ok: false, reason: expect.stringContaining('Only an admin') });
    expect(canDecide('admin', 'U2', 'U1')).toEqual({ ok: true });
  });
});
