import type { DeliveryPause } from '../alerts/delivery-hold';
import type { DroppedSummary } from '../alerts/outbox';
import type { NebulaHealth } from '../nebula/client/graph-client';

export interface OutboxHealth {
  backlog: number;
  pause: DeliveryPause | null;
  dropped: DroppedSummary;
}

export interface HealthInputs {
  slack: { mode: 'http' | 'socket'; connected: boolean };
  /** Each cluster's contained client, in configuration order. */
  clusters: Array<{ name: string; health: NebulaHealth }>;
  lastPolls: ReadonlyMap<string, Date>;
  pollerActive: boolean;
  outbox: OutboxHealth;
}

export interface HealthReport {
  healthy: boolean;
  body: Record<string, unknown>;
}

/** How long NebulaGraph may be out of reach before the bot reports itself unhealthy. */
export const NEBULA_GRACE_MS = 120_000;

function pauseProblem(pause: DeliveryPause): string {
  const since = pause.since.toISOString();
  return pause.cause === 'store'
    ? `Outbox paused since ${since}: the database cannot be written (${pause.error}); messages Slack accepted are kept in memory until they can be recorded`
    : `Slack refuses the bot token (${pause.error}) since ${since}: alerts are held, none dropped, until Slack accepts it again`;
}

function clusterBody(health: NebulaHealth): Record<string, unknown> {
  return {
    state: health.state,
    since: health.since.toISOString(),
    downSince: health.downSince?.toISOString() ?? null,
    readyConnections: health.readyConnections,
    lastError: health.lastError,
    // graphd's release at the last connect, and which of the bot's 3.4–3.8 rules it does not follow.
    version: health.serverVersion ?? null,
    notes: health.serverNotes ?? [],
  };
}

/**
 * GET /healthz: 503 when every NebulaGraph cluster has been out of reach past the grace period
 * (with one cluster: when it has), the Socket Mode connection is down, or alert delivery is on
 * hold (database not writable, token refused), so an orchestrator restarts or routes around the
 * bot; 200 otherwise. One cluster of several down is a `degraded` line, not a 503: restarting
 * the bot would not bring it back, and the others are served. The body is unauthenticated: it
 * names no space (space names can be confidential), only clusters, counts, states and channel ids.
 */
export function healthReport(inputs: HealthInputs, now: Date, graceMs = NEBULA_GRACE_MS): HealthReport {
  const { outbox } = inputs;
  const down = inputs.clusters.filter(({ health }) => health.downSince !== null && now.getTime() - health.downSince.getTime() > graceMs);
  const allDown = down.length > 0 && down.length === inputs.clusters.length;
  const downLine = ({ name, health }: { name: string; health: NebulaHealth }): string =>
    `NebulaGraph${inputs.clusters.length > 1 ? ` cluster ${name}` : ''} unreachable since ${health.downSince?.toISOString()}`;
  const problems = [
    ...(allDown ? down.map(downLine) : []),
    ...(inputs.slack.connected ? [] : ['Slack Socket Mode connection is down']),
    ...(outbox.pause ? [pauseProblem(outbox.pause)] : []),
  ];
  const polls = [...inputs.lastPolls.values()].map((at) => at.getTime());
  const oldest = polls.length > 0 ? Math.min(...polls) : null;
  const latestDrop = outbox.dropped.latest;
  return {
    healthy: problems.length === 0,
    body: {
      status: problems.length === 0 ? 'ok' : 'unhealthy',
      problems,
      degraded: allDown ? [] : down.map(downLine),
      slack: inputs.slack,
      // The first (with one cluster, the only) cluster, as before clusters existed.
      nebula: inputs.clusters[0] ? clusterBody(inputs.clusters[0].health) : null,
      clusters: Object.fromEntries(inputs.clusters.map(({ name, health }) => [name, clusterBody(health)])),
      poller: {
        active: inputs.pollerActive,
        spacesPolled: polls.length,
        oldestSuccessfulPollAgeSeconds: oldest === null ? null : Math.max(0, Math.round((now.getTime() - oldest) / 1000)),
      },
      outbox: {
        backlog: outbox.backlog,
        paused: outbox.pause ? { ...outbox.pause, since: outbox.pause.since.toISOString() } : null,
        dropped: {
          count: outbox.dropped.count,
          latest: latestDrop ? { channel: latestDrop.channelId, reason: latestDrop.reason, at: latestDrop.at.toISOString() } : null,
        },
      },
    },
  };
}
