import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPolicy, parsePolicy } from '../../src/config/policy-file';

describe('ACCESS_FILE policy', () => {
  it('reads the documented shape with defaults', () => {
    const result = parsePolicy({
      defaultRole: 'viewer',
      rules: [{ subjects: ['U0123ABC', 'S0456DEF'], spaces: ['*'], role: 'operator' }],
      approvals: { stop: 'required', recover: 'none', channel: 'C0789GHI', expiresMinutes: 30, adminsBypass: false },
    });
    expect(result).toEqual({
      ok: true,
      policy: {
        configured: true,
        defaultRole: 'viewer',
        rules: [{ subjects: ['U0123ABC', 'S0456DEF'], spaces: ['*'], role: 'operator' }],
        approvals: { stop: 'required', recover: 'none', channel: 'C0789GHI', expiresMinutes: 30, adminsBypass: false },
      },
    });
    expect(parsePolicy({})).toMatchObject({ ok: true, policy: { defaultRole: 'viewer', rules: [], approvals: { stop: 'none', recover: 'none', expiresMinutes: 30, adminsBypass: false } } });
  });

  it('reports one line per problem with its JSON path', () => {
    const result = parsePolicy({
      defaultRole: 'root',
      rules: [{ subjects: ['bob'], spaces: ['a;b'], role: 'owner' }, { subjects: [], spaces: [], role: 'admin' }],
      approvals: { stop: 'maybe', expiresMinutes: 0, extra: true },
    });
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^ACCESS_FILE defaultRole: must be "viewer", "operator" or "admin"/),
        expect.stringMatching(/^ACCESS_FILE rules\[0\]\.subjects\[0\]: must be a Slack user id/),
        expect.stringMatching(/^ACCESS_FILE rules\[0\]\.spaces\[0\]: must be a graph space name or "\*"/),
        expect.stringMatching(/^ACCESS_FILE rules\[0\]\.role:/),
        expect.stringMatching(/^ACCESS_FILE rules\[1\]\.subjects: must name at least one/),
        expect.stringMatching(/^ACCESS_FILE approvals\.stop: must be "required" or "none"/),
        expect.stringMatching(/^ACCESS_FILE approvals\.expiresMinutes:/),
        expect.stringMatching(/^ACCESS_FILE approvals:.*extra/),
      ]),
    );
  });

  it('reports unreadable and malformed files, and treats no file as view-only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-'));
    try {
      expect(loadPolicy(join(dir, 'missing.json'))).toEqual({ ok: false, problems: [expect.stringMatching(/cannot read .*ENOENT/)] });
      writeFileSync(join(dir, 'bad.json'), '{ not json');
      expect(loadPolicy(join(dir, 'bad.json'))).toEqual({ ok: false, problems: [expect.stringMatching(/is not valid JSON/)] });
      expect(loadPolicy(undefined)).toMatchObject({ ok: true, policy: { configured: false, defaultRole: 'viewer' } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
