import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/env';

describe('CLUSTERS_FILE', () => {
  let dir: string;
  const minimal = { SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: 'shhh-secret' };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nebula-jobs-clusters-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function file(name: string, text: string): string {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  }

  it('reads clusters from YAML, with passwords from the variables it names', () => {
    const path = file(
      'clusters.yml',
      [
        'clusters:',
        '  - name: prod',
        '    servers: [graphd-a:9669, "graphd-b:9669"]',
        '    user: jobs_bot',
        '    passwordEnv: PROD_PW',
        '    jobExpirySeconds: 86400',
        '  - name: staging',
        '    servers: ["[::1]:9670"]',
        '    user: root',
        '    passwordEnv: STAGING_PW',
        '    timeoutMs: 5000',
      ].join('\n'),
    );
    const result = loadConfig({ ...minimal, CLUSTERS_FILE: path, PROD_PW: 'p-secret', STAGING_PW: '', NEBULA_TIMEOUT_MS: '7000' });
    expect(result).toMatchObject({
      ok: true,
      config: {
        clusters: [
          {
            name: 'prod',
            servers: [
              { host: 'graphd-a', port: 9669 },
              { host: 'graphd-b', port: 9669 },
            ],
            user: 'jobs_bot',
            password: 'p-secret',
            timeoutMs: 7000,
            jobExpirySeconds: 86400,
          },
          { name: 'staging', servers: [{ host: '::1', port: 9670 }], user: 'root', password: '', timeoutMs: 5000 },
        ],
      },
    });
  });

  it('reads JSON the same way', () => {
    const path = file('clusters.json', JSON.stringify({ clusters: [{ name: 'prod', servers: ['g:9669'], user: 'u', passwordEnv: 'PW' }] }));
    expect(loadConfig({ ...minimal, CLUSTERS_FILE: path, PW: 'x' })).toMatchObject({ ok: true, config: { clusters: [{ name: 'prod', password: 'x' }] } });
  });

  it('reports one line per problem with its path, and never the secret itself', () => {
    const path = file(
      'bad.yml',
      [
        'clusters:',
        '  - name: Prod!',
        '    servers: [nohost]',
        '    user: ""',
        '    passwordEnv: lower',
        '    password: hunter2',
        '  - name: b',
        '    servers: ["g:1"]',
        '    user: u',
        '    passwordEnv: UNSET_PW',
      ].join('\n'),
    );
    const result = loadConfig({ ...minimal, CLUSTERS_FILE: path });
    const problems = result.ok ? [] : result.problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^CLUSTERS_FILE clusters\[0\]\.name: must be a short lower-case name/),
        expect.stringMatching(/^CLUSTERS_FILE clusters\[0\]\.servers: must be host:port addresses/),
        expect.stringMatching(/^CLUSTERS_FILE clusters\[0\]\.user:/),
        expect.stringMatching(/^CLUSTERS_FILE clusters\[0\]\.passwordEnv:/),
        expect.stringMatching(/^CLUSTERS_FILE clusters\[0\]: Unrecognized key: "password"/),
      ]),
    );
    expect(problems.join('\n')).not.toContain('hunter2');
  });

  it('names a password variable that is not set, a file it cannot read, and text that is not YAML', () => {
    const unset = file('unset.yml', 'clusters:\n  - { name: a, servers: ["g:1"], user: u, passwordEnv: NOT_SET_PW }\n');
    expect(loadConfig({ ...minimal, CLUSTERS_FILE: unset })).toEqual({ ok: false, problems: ['CLUSTERS_FILE clusters[0].passwordEnv: NOT_SET_PW is not set in the environment'] });
    expect(loadConfig({ ...minimal, CLUSTERS_FILE: join(dir, 'missing.yml') })).toEqual({
      ok: false,
      problems: [expect.stringMatching(/^CLUSTERS_FILE: cannot read .*missing\.yml \(ENOENT\)$/)],
    });
    expect(loadConfig({ ...minimal, CLUSTERS_FILE: file('x.yml', 'clusters: [unclosed') })).toEqual({
      ok: false,
      problems: [expect.stringMatching(/^CLUSTERS_FILE: .* is not valid YAML/)],
    });
    const twice = file('twice.yml', 'clusters:\n  - { name: a, servers: ["g:1"], user: u, passwordEnv: PW }\n  - { name: a, servers: ["g:2"], user: u, passwordEnv: PW }\n');
    expect(loadConfig({ ...minimal, CLUSTERS_FILE: twice, PW: 'x' })).toEqual({ ok: false, problems: ['CLUSTERS_FILE clusters: must not name a cluster twice'] });
  });
});
