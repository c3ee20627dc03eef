import { GroupDirectory } from '../../src/access/group-directory';
import { DEFAULT_APPROVALS, Policy, ROLES } from '../../src/access/policy';
import { mayView, mayViewSpace } from '../../src/access/viewable-spaces';

const noGroups: GroupDirectory = { isMember: async () => null };

describe('mayView: who may see a space', () => {
  it('lets every role from viewer up see a space', () => {
    expect(ROLES.filter((role) => mayView(role))).toEqual(ROLES.filter((role) => ROLES.indexOf(role) >= ROLES.indexOf('viewer')));
    expect(mayView('viewer')).toBe(true);
    expect(mayView('admin')).toBe(true);
  });

  it('applies the policy per space through the permission check', async () => {
    const policy: Policy = { configured: true, defaultRole: 'viewer', rules: [{ subjects: ['UADMIN'], spaces: ['nba'], role: 'admin' }], approvals: DEFAULT_APPROVALS };
    await expect(mayViewSpace({ policy, groups: noGroups }, 'UANYONE', 'nba')).resolves.toBe(true);
    await expect(mayViewSpace({ policy, groups: noGroups }, 'UADMIN', 'nba')).resolves.toBe(true);
  });
});
