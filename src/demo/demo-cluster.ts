import type { JobsSource } from '../bot';
import type { Logger } from '../logging/logger';
import { DEFAULT_CLUSTER } from '../spaces/space-ref';
import { DEMO_SPACES, type SimulatedCluster } from './simulated-cluster';

export interface DemoClusterOptions {
  /** How often simulated time moves on; 0 freezes it (tests that must not see jobs end by chance). */
  tickMs?: number;
  /** Log a warning that jobs are simulated (default true); the playground says so on its own. */
  announce?: boolean;
}

/** The simulated cluster as the bot's source of jobs: it ticks on a timer and announces itself as a simulation. */
export function demoCluster(simulation: SimulatedCluster, logger: Logger, options: DemoClusterOptions = {}): JobsSource {
  const tickMs = options.tickMs ?? 5_000;
  const timer = tickMs > 0 ? setInterval(() => simulation.tick(), tickMs) : null;
  if (options.announce ?? true) {
    logger.warn('demo.simulated_cluster', {
      note: 'DEMO MODE: jobs come from a built-in simulation, not from NebulaGraph. Nothing you do here touches a cluster.',
      spaces: DEMO_SPACES,
    });
  }
  return {
    gateway: simulation,
    health: () => [
      {
        name: DEFAULT_CLUSTER,
        health: { state: 'ready', readyConnections: 0, homeSpace: DEMO_SPACES[0], lastError: null, since: new Date(0), downSince: null, version: 'simulated' },
      },
    ],
    close: async () => {
      if (timer) clearInterval(timer);
    },
  };
}
