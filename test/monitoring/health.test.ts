import { type HealthInputs, healthReport, NEBULA_GRACE_MS } from '../../src/monitoring/health';
import type { NebulaHealth } from '../../src/nebula/client/graph-client';

const NOW = new Date('2026-12-01T12:00:00Z');
const ago = (ms: number): Date => new Date(NOW.getTime() - ms);

function up(version = '3.8.0'): NebulaHealth {
  return { state: 'ready', readyConnections: 2, homeSpace: 'nba', lastError: null, since: ago(3_600_000), downSince: null, serverVersion: version };
}

function down(forMs: number, lastError = 'Cannot reach NebulaGraph (ECONNREFUSED).'): NebulaHealth {
  return { state: 'unreachable', readyConnections: 0, homeSpace: 'nba', lastError, since: ago(forMs), downSince: ago(forMs), serverVersion: '3.6.0' };
}

function inputs(clusters: Record<string, NebulaHealth>, extra: Partial<HealthInputs> = {}): HealthInputs {
  return {
    slack: { mode: 'http', connected: true },
    clusters: Object.entries(clusters).map(([name, health]) => ({ name, health })),
    lastPolls: new Map([['prod/nba', ago(5_000)]]),
    pollerActive: true,
    outbox: { backlog: 0, pause: null, dropped: { count: 0, latest: null } },
    ...extra,
  };
}

describe('GET /healthz per cluster', () => {
  const LATE = NEBULA_GRACE_MS + 1_000;

  it('reports each cluster by name: state, since when down, last error, version', () => {
    const report = healthReport(inputs({ prod: up(), staging: down(30_000) }), NOW);
    expect(report.healthy).toBe(true);
    expect(report.body.clusters).toEqual({
      prod: { state: 'ready', since: ago(3_600_000).toISOString(), downSince: null, readyConnections: 2, lastError: null, version: '3.8.0', notes: [] },
      staging: {
        state: 'unreachable',
        since: ago(30_000).toISOString(),
        downSince: ago(30_000).toISOString(),
        readyConnections: 0,
        lastError: 'Cannot reach NebulaGraph (ECONNREFUSED).',
        version: '3.6.0',
        notes: [],
      },
    });
    // Within the grace period nothing is degraded yet.
    expect(report.body.degraded).toEqual([]);
    // `nebula` stays the first cluster, as before clusters existed.
    expect(report.body.nebula).toEqual((report.body.clusters as Record<string, unknown>).prod);
  });

  it('answers 200 with a degraded line when one cluster of several is down past the grace period', () => {
    const report = healthReport(inputs({ prod: up(), staging: down(LATE), qa: up() }), NOW);
    expect(report.healthy).toBe(true);
    expect(report.body.status).toBe('ok');
    expect(report.body.problems).toEqual([]);
    expect(report.body.degraded).toEqual([`NebulaGraph cluster staging unreachable since ${ago(LATE).toISOString()}`]);
  });

  it('answers 200 while some of several are down, and 503 once all of them are down past the grace period', () => {
    const two = healthReport(inputs({ prod: down(LATE), staging: down(LATE), qa: up() }), NOW);
    expect(two.healthy).toBe(true);
    expect(two.body.degraded).toHaveLength(2);
    const all = healthReport(inputs({ prod: down(LATE), staging: down(LATE), qa: down(LATE) }), NOW);
    expect(all.healthy).toBe(false);
    expect(all.body.status).toBe('unhealthy');
    expect(all.body.problems).toEqual(['prod', 'staging', 'qa'].map((name) => `NebulaGraph cluster ${name} unreachable since ${ago(LATE).toISOString()}`));
    expect(all.body.degraded).toEqual([]);
    // All down, but one only just: not yet.
    const recent = healthReport(inputs({ prod: down(LATE), staging: down(10_000) }), NOW);
    expect(recent.healthy).toBe(true);
    expect(recent.body.degraded).toEqual([`NebulaGraph cluster prod unreachable since ${ago(LATE).toISOString()}`]);
  });

  it('keeps the single-cluster wording and rule: its cluster down past the grace period is a 503', () => {
    const report = healthReport(inputs({ default: down(LATE) }), NOW);
    expect(report.healthy).toBe(false);
    expect(report.body.problems).toEqual([`NebulaGraph unreachable since ${ago(LATE).toISOString()}`]);
    expect(healthReport(inputs({ default: down(NEBULA_GRACE_MS - 1_000) }), NOW).healthy).toBe(true);
  });

  it('counts a refused login as down, and a cluster that has not connected yet as not down', () => {
    const rejected: NebulaHealth = { ...down(LATE, 'NebulaGraph refused the login.'), state: 'rejected' };
    const idle: NebulaHealth = { ...up(), state: 'idle', readyConnections: 0, serverVersion: null };
    const report = healthReport(inputs({ prod: rejected, staging: idle }), NOW);
    expect(report.healthy).toBe(true);
    expect(report.body.degraded).toEqual([`NebulaGraph cluster prod unreachable since ${ago(LATE).toISOString()}`]);
    expect(healthReport(inputs({ prod: rejected }), NOW).healthy).toBe(false);
  });

  it('is unhealthy for Slack or the outbox whatever the clusters', () => {
    expect(healthReport(inputs({ prod: up() }, { slack: { mode: 'socket', connected: false } }), NOW).body.problems).toEqual(['Slack Socket Mode connection is down']);
    const paused = healthReport(
      inputs(
        { prod: up(), staging: down(LATE) },
        { outbox: { backlog: 3, pause: { cause: 'slack-auth', since: ago(1000), error: 'invalid_auth', retries: 2 }, dropped: { count: 0, latest: null } } },
      ),
      NOW,
    );
    expect(paused.healthy).toBe(false);
    expect(paused.body.degraded).toHaveLength(1);
  });

  it('names no space in the body', () => {
    const report = healthReport(inputs({ prod: up(), staging: down(LATE) }), NOW);
    expect(JSON.stringify(report.body)).not.toContain('nba');
  });
});
