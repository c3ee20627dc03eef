import { NebulaHealth } from '../nebula/client/contained-client';

export interface HealthInputs {
  slack: { mode: 'http' | 'socket'; connected: boolean };
  nebula: NebulaHealth;
  lastPolls: ReadonlyMap<string, Date>;
  pollerActive: boolean;
  outboxBacklog: number;
}

export interface HealthReport {
  healthy: boolean;
  body: Record<string, unknown>;
}

/** How long NebulaGraph may be out of reach before the bot reports itself unhealthy. */
export const NEBULA_GRACE_MS = 120_000;

/**
 * GET /healthz: 503 when NebulaGraph has been out of reach past the grace period or the Socket
 * Mode connection is down, so an orchestrator restarts or routes around the bot; 200 otherwise.
 */
export function healthReport(inputs: HealthInputs, now: Date, graceMs = NEBULA_GRACE_MS): HealthReport {
  const { nebula } = inputs;
  const { downSince } = nebula;
  const nebulaDown = downSince !== null && now.getTime() - downSince.getTime() > graceMs;
  const problems = [
    ...(nebulaDown ? [`NebulaGraph unreachable since ${downSince.toISOString()}`] : []),
    ...(inputs.slack.connected ? [] : ['Slack Socket Mode connection is down']),
  ];
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
        homeSpace: nebula.homeSpace,
        lastError: nebula.lastError,
      },
      poller: {
        active: inputs.pollerActive,
        lastSuccessfulPoll: Object.fromEntries([...inputs.lastPolls].map(([space, at]) => [space, at.toISOString()])),
      },
      outbox: { backlog: inputs.outboxBacklog },
    },
  };
}
