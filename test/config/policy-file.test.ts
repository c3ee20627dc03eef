import { mkdtempSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPolicy, parsePolicy, ReloadablePolicy } from '../../src/config/policy-file';
import { createLogger } from '../../src/logging/logger';

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
    expect(parsePolicy({})).toMatchObject({
      ok: true,
      policy: { defaultRole: 'viewer', rules: [], approvals: { stop: 'none', recover: 'none', expiresMinutes: 30, adminsBypass: false } },
    });
  });

  it('reports one line per problem with its JSON path', () => {
    const result = parsePolicy({
      defaultRole: 'root',
      rules: [
        { subjects: ['bob'], spaces: ['Prod/nba'], role: 'owner' },
        { subjects: [], spaces: [], role: 'admin' },
      ],
      approvals: { stop: 'maybe', expiresMinutes: 0, extra: true },
    });
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^ACCESS_FILE defaultRole: must be "none", "viewer", "operator" or "admin"/),
        expect.stringMatching(/^ACCESS_FILE rules\[0\]\.subjects\[0\]: must be a Slack user id/),
        expect.stringMatching(/^ACCESS_FILE rules\[0\]\.spaces\[0\]: must be a space name/),
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

  it('accepts "none" as the default role, but not as a rule\'s role', () => {
    expect(parsePolicy({ defaultRole: 'none', rules: [{ subjects: ['U0123ABC'], spaces: ['nba'], role: 'viewer' }] })).toMatchObject({ ok: true, policy: { defaultRole: 'none' } });
    expect(parsePolicy({ rules: [{ subjects: ['U0123ABC'], spaces: ['nba'], role: 'none' }] })).toEqual({
      ok: false,
      problems: [expect.stringMatching(/^ACCESS_FILE rules\[0\]\.role: must be "viewer", "operator" or "admin"/)],
    });
  });
});

describe('ReloadablePolicy', () => {
  let dir: string;
  let file: string;
  let lines: string[];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'policy-reload-'));
    file = join(dir, 'access.json');
    lines = [];
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const logger = () => createLogger({ level: 'debug', write: (line) => lines.push(line) });
  const save = (text: string): void => {
    writeFileSync(`${file}.tmp`, text);
    renameSync(`${file}.tmp`, file);
  };
  const start = (policy: unknown): ReloadablePolicy => {
    save(JSON.stringify(policy));
    const loaded = loadPolicy(file);
    if (!loaded.ok) throw new Error(loaded.problems.join('; '));
    return new ReloadablePolicy(file, loaded.policy, logger());
  };

  it('takes a changed file, keeps the last good policy when the new one is bad, and logs one line each time', () => {
    const holder = start({ defaultRole: 'viewer' });
    holder.check();
    expect(lines).toEqual([]); // unchanged: nothing read into a new policy, nothing logged
    save(JSON.stringify({ defaultRole: 'operator' }));
    holder.check();
    expect(holder.current.defaultRole).toBe('operator');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'info', msg: 'policy.reloaded', trigger: 'file change', defaultRole: 'operator', rules: 0 });

    save('{ "defaultRole": "root" }');
    holder.check();
    holder.check(); // the same bad text is reported once
    expect(holder.current.defaultRole).toBe('operator');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[1])).toMatchObject({ level: 'warn', msg: 'policy.reload_failed', trigger: 'file change', problems: expect.stringContaining('defaultRole') });

    unlinkSync(file);
    holder.check();
    expect(holder.current.defaultRole).toBe('operator');
    expect(JSON.parse(lines[2])).toMatchObject({ msg: 'policy.reload_failed', problems: expect.stringContaining('ENOENT') });
  });

  it('skips a file caught half-written (empty) on a check, but reports it when asked to reload', () => {
    const holder = start({ defaultRole: 'admin' });
    writeFileSync(file, '');
    holder.check();
    expect(lines).toEqual([]);
    expect(holder.reload('SIGHUP')).toBe(false);
    expect(JSON.parse(lines[0])).toMatchObject({ msg: 'policy.reload_failed', trigger: 'SIGHUP' });
    save(JSON.stringify({ defaultRole: 'admin' }));
    expect(holder.reload('SIGHUP')).toBe(true);
    expect(JSON.parse(lines[1])).toMatchObject({ msg: 'policy.reloaded', trigger: 'SIGHUP', defaultRole: 'admin' });
  });
});
