import { DeliveryPause } from '../alerts/delivery-hold';
import { DroppedSummary } from '../alerts/outbox';
import { NebulaHealth } from '../nebula/client/contained-client';

export interface OutboxHealth {
  backlog: number;
  pause: DeliveryPause | null;
  dropped: DroppedSummary;
}

export interface HealthInputs {
  slack: { mode: 'http' | 'socket'; connected: boolean };
  nebula: NebulaHealth;
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

/**
 * GET /healthz: 503 when NebulaGraph has been out of reach past the grace period, the Socket Mode
 * connection is down, or alert delivery is on hold (database not writable, token refused), so an
 * orchestrator restarts or routes around the bot; 200 otherwise. The body is unauthenticated: it
 * names no space (space names can be confidential), only counts, states and channel ids.
 */
export function healthReport(inputs: HealthInputs, now: Date, graceMs = NEBULA_GRACE_MS): HealthReport {
  const { nebula, outbox } = inputs;
  const { downSince } = nebula;
  const nebulaDown = downSince !== null && now.getTime() - downSince.getTime() > graceMs;
  const problems = [
    ...(nebulaDown ? [`NebulaGraph unreachable since ${downSince.toISOString()}`] : []),
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
      slack: inputs.slack,
      nebula: {
        state: nebula.state,
        since: nebula.since.toISOString(),
        downSince: downSince?.toISOString() ?? null,
        readyConnections: nebula.readyConnections,
        lastError: nebula.lastError,
        // graphd's release at the last connect, and which of the bot's 3.4–3.8 rules it does not follow.
        version: nebula.serverVersion ?? null,
        notes: nebula.serverNotes ?? [],
      },
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
