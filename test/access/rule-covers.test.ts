import { roleIn } from '../../src/access/permissions';
import { DEFAULT_APPROVALS, type Policy, ruleCovers } from '../../src/access/policy';
import type { SpaceRef } from '../../src/spaces/space-ref';

const ref = (cluster: string, space: string): SpaceRef => ({ cluster, space });

describe('ruleCovers: ACCESS_FILE space patterns across clusters', () => {
  it.each([
    // pattern, cluster, space, covered
    ['*', 'prod', 'nba', true],
    ['*', 'default', 'anything', true],
    ['prod/*', 'prod', 'nba', true],
    ['prod/*', 'prod', 'ldbc', true],
    ['prod/*', 'staging', 'nba', false],
    ['*/nba', 'prod', 'nba', true],
    ['*/nba', 'staging', 'nba', true],
    ['*/nba', 'prod', 'ldbc', false],
    ['*/*', 'staging', 'ldbc', true],
    ['prod/nba', 'prod', 'nba', true],
    ['prod/nba', 'staging', 'nba', false],
    ['prod/nba', 'prod', 'ldbc', false],
    // A bare name is that space in any cluster, as before clusters existed.
    ['nba', 'prod', 'nba', true],
    ['nba', 'staging', 'nba', true],
    ['nba', 'default', 'nba', true],
    ['nba', 'prod', 'nba2', false],
    // No prefix or wildcard matching inside a name.
    ['prod/nb', 'prod', 'nba', false],
    ['pro/*', 'prod', 'nba', false],
    ['prod/nba*', 'prod', 'nba_x', false],
    // The first slash splits: a space name may itself hold slashes.
    ['prod/a/b', 'prod', 'a/b', true],
    ['prod/a/b', 'prod', 'a', false],
  ])('%s covers %s/%s: %s', (pattern, cluster, space, covered) => {
    expect(ruleCovers(pattern, ref(cluster, space))).toBe(covered);
  });

  it('gives the highest role of every rule that covers a space', async () => {
    const policy: Policy = {
      configured: true,
      defaultRole: 'none',
      rules: [
        { subjects: ['U1'], spaces: ['*/nba'], role: 'viewer' },
        { subjects: ['U1'], spaces: ['prod/*'], role: 'operator' },
        { subjects: ['U1'], spaces: ['prod/nba'], role: 'admin' },
        { subjects: ['U2'], spaces: ['nba'], role: 'operator' },
      ],
      approvals: DEFAULT_APPROVALS,
    };
    const groups = { isMember: async () => false };
    expect(await roleIn(policy, groups, 'U1', ref('prod', 'nba'))).toBe('admin');
    expect(await roleIn(policy, groups, 'U1', ref('prod', 'ldbc'))).toBe('operator');
    expect(await roleIn(policy, groups, 'U1', ref('staging', 'nba'))).toBe('viewer');
    expect(await roleIn(policy, groups, 'U1', ref('staging', 'ldbc'))).toBe('none');
    expect(await roleIn(policy, groups, 'U2', ref('staging', 'nba'))).toBe('operator');
    expect(await roleIn(policy, groups, 'U2', ref('prod', 'nba'))).toBe('operator');
    expect(await roleIn(policy, groups, 'U2', ref('prod', 'ldbc'))).toBe('none');
  });
});
