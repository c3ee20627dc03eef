import { loadConfig } from '../../src/config/env';

const minimal = { SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: 'shhh-secret' };

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const result = loadConfig(minimal);
    expect(result).toEqual({
      ok: true,
      config: {
        slack: { botToken: 'xoxb-1-2-abc', signingSecret: 'shhh-secret', appToken: undefined, apiUrl: undefined, port: 3000, command: '/nebula-jobs' },
        clusters: [{ name: 'default', servers: [{ host: '127.0.0.1', port: 9669 }], user: 'root', password: 'nebula', timeoutMs: 15000, jobExpirySeconds: 604_800 }],
        databasePath: './data/nebula-jobs.db',
        defaultSpace: undefined,
        accessFile: undefined,
        pollSchedule: '*/30 * * * * *',
        pollLeaseMs: 20_000,
        auditRetentionDays: 365,
        metrics: { spaceLabels: false },
        stuck: { kinds: {}, fallbackMs: 6 * 3_600_000, queueAfterMs: 30 * 60_000 },
        answerNice: 10,
        logLevel: 'info',
      },
    });
  });

  it('reads STUCK_AFTER and STUCK_QUEUE_AFTER, and refuses what they cannot mean', () => {
    const good = loadConfig({ ...minimal, STUCK_AFTER: 'compact=6h, STATS=30m,*=2h,ZONE_BALANCE=off', STUCK_QUEUE_AFTER: '45m' });
    expect(good.ok && good.config.stuck).toEqual({ kinds: { COMPACT: 21_600_000, STATS: 1_800_000, DATA_BALANCE: null }, fallbackMs: 7_200_000, queueAfterMs: 2_700_000 });
    const kindsOnly = loadConfig({ ...minimal, STUCK_AFTER: 'FLUSH=1h' });
    expect(kindsOnly.ok && kindsOnly.config.stuck).toEqual({ kinds: { FLUSH: 3_600_000 }, fallbackMs: 21_600_000, queueAfterMs: 1_800_000 });
    const noFallback = loadConfig({ ...minimal, STUCK_AFTER: '*=off' });
    expect(noFallback.ok && noFallback.config.stuck.fallbackMs).toBeNull();
    for (const value of ['COMPACT', 'COMPACT=6', 'COMPACT=6h,COMPACT=2h', 'COMPACT=0h', '=2h', 'COMPACT=6h;STATS=1h']) {
      const bad = loadConfig({ ...minimal, STUCK_AFTER: value });
      expect(bad.ok ? [] : bad.problems).toEqual([expect.stringMatching(/^STUCK_AFTER: must be KIND=duration pairs separated by commas, e\.g\. COMPACT=6h,STATS=30m,\*=2h/)]);
    }
    const badQueue = loadConfig({ ...minimal, STUCK_QUEUE_AFTER: '30' });
    expect(badQueue.ok ? [] : badQueue.problems).toEqual([expect.stringMatching(/^STUCK_QUEUE_AFTER: must be a duration/)]);
  });

  it('reads ACCESS_FILE and POLL_SCHEDULE, refusing a schedule without seconds', () => {
    const good = loadConfig({ ...minimal, ACCESS_FILE: '/etc/bot/access.json', POLL_SCHEDULE: '*/5 * * * * *' });
    expect(good.ok && good.config).toMatchObject({ accessFile: '/etc/bot/access.json', pollSchedule: '*/5 * * * * *' });
    const bad = loadConfig({ ...minimal, POLL_SCHEDULE: '*/5 * * * *' });
    expect(bad.ok ? [] : bad.problems).toEqual([expect.stringMatching(/^POLL_SCHEDULE: must be a cron expression with seconds/)]);
  });

  it('reads every variable', () => {
    const result = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_APP_TOKEN: 'xapp-1-A1-2-abc',
      SLACK_API_URL: 'http://127.0.0.1:9/api',
      PORT: '8080',
      SLASH_COMMAND: '/jobs',
      NEBULA_SERVERS: 'graphd1:9669, [::1]:9670',
      NEBULA_USER: 'bot',
      NEBULA_PASSWORD: '',
      NEBULA_TIMEOUT_MS: '2500',
      DATABASE_PATH: '/data/bot.db',
      DEFAULT_SPACE: 'nba',
      POLL_LEASE_SECONDS: '5',
      LOG_LEVEL: 'debug',
    });
    expect(result.ok && result.config).toMatchObject({
      slack: { appToken: 'xapp-1-A1-2-abc', apiUrl: 'http://127.0.0.1:9/api/', port: 8080, command: '/jobs' },
      clusters: [
        {
          name: 'default',
          servers: [
            { host: 'graphd1', port: 9669 },
            { host: '::1', port: 9670 },
          ],
          user: 'bot',
          password: '',
          timeoutMs: 2500,
        },
      ],
      databasePath: '/data/bot.db',
      defaultSpace: 'nba',
      pollLeaseMs: 5000,
      logLevel: 'debug',
    });
  });

  it('reports one line per problem, naming the variable and giving an example', () => {
    const result = loadConfig({ SLACK_BOT_TOKEN: 'xoxp-user-token-secret', PORT: '70000', NEBULA_SERVERS: 'graphd', NEBULA_TIMEOUT_MS: '1e3', DEFAULT_SPACE: 'a\nb' });
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems.map((line) => line.split(':')[0])).toEqual(['SLACK_BOT_TOKEN', 'PORT', 'NEBULA_SERVERS', 'NEBULA_TIMEOUT_MS', 'DEFAULT_SPACE', 'SLACK_SIGNING_SECRET']);
    for (const line of problems) expect(line).toMatch(/e\.g\.|or set/);
    expect(problems.join('\n')).not.toContain('xoxp-user-token-secret');
  });

  it('reads ANSWER_NICE: 10 unless set, 0 turning it off', () => {
    expect(loadConfig(minimal)).toMatchObject({ ok: true, config: { answerNice: 10 } });
    expect(loadConfig({ ...minimal, ANSWER_NICE: '0' })).toMatchObject({ ok: true, config: { answerNice: 0 } });
    const bad = loadConfig({ ...minimal, ANSWER_NICE: '-5' });
    expect(bad.ok ? [] : bad.problems).toEqual([expect.stringMatching(/^ANSWER_NICE: must be a nice increment from 0 \(off\) to 19/)]);
  });

  it('reads AUDIT_RETENTION_DAYS: days, 0 keeping the audit trail forever', () => {
    expect(loadConfig({ ...minimal, AUDIT_RETENTION_DAYS: '0' })).toMatchObject({ ok: true, config: { auditRetentionDays: 0 } });
    expect(loadConfig({ ...minimal, AUDIT_RETENTION_DAYS: '90' })).toMatchObject({ ok: true, config: { auditRetentionDays: 90 } });
    const bad = loadConfig({ ...minimal, AUDIT_RETENTION_DAYS: '1y' });
    expect(bad.ok ? [] : bad.problems).toEqual([expect.stringMatching(/^AUDIT_RETENTION_DAYS: must be a number of days from 0 \(keep forever\)/)]);
  });

  it("reads NEBULA_JOB_EXPIRY_SECONDS, metad's --job_expired_secs", () => {
    expect(loadConfig({ ...minimal, NEBULA_JOB_EXPIRY_SECONDS: '1209600' })).toMatchObject({ ok: true, config: { clusters: [{ jobExpirySeconds: 1_209_600 }] } });
    const bad = loadConfig({ ...minimal, NEBULA_JOB_EXPIRY_SECONDS: '7d' });
    expect(bad.ok ? [] : bad.problems).toEqual([expect.stringMatching(/^NEBULA_JOB_EXPIRY_SECONDS: must be seconds .*--job_expired_secs, e\.g\. 604800/)]);
  });

  it('reads METRICS_SPACE_LABELS: space names stay off the unauthenticated /metrics unless it is true', () => {
    expect(loadConfig({ ...minimal, METRICS_SPACE_LABELS: 'true' })).toMatchObject({ ok: true, config: { metrics: { spaceLabels: true } } });
    expect(loadConfig({ ...minimal, METRICS_SPACE_LABELS: 'false' })).toMatchObject({ ok: true, config: { metrics: { spaceLabels: false } } });
    const bad = loadConfig({ ...minimal, METRICS_SPACE_LABELS: 'yes' });
    expect(bad.ok ? [] : bad.problems).toEqual(['METRICS_SPACE_LABELS: must be true or false']);
  });

  it('needs the signing secret only in HTTP mode', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' }).ok).toBe(false);
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).ok).toBe(true);
  });

  it('reads SLACK_ALLOWED_TEAMS as team or org ids', () => {
    const base = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' };
    expect(loadConfig({ ...base, SLACK_ALLOWED_TEAMS: 'T0123ABC, E0456DEF' })).toMatchObject({ ok: true, config: { slack: { allowedTeams: ['T0123ABC', 'E0456DEF'] } } });
    expect(loadConfig({ ...base, SLACK_ALLOWED_TEAMS: 'acme' })).toEqual({
      ok: false,
      problems: [expect.stringMatching(/^SLACK_ALLOWED_TEAMS: must be Slack team ids .* e\.g\. /)],
    });
  });
});
