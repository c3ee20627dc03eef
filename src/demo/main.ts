import { DEFAULT_APPROVALS, Policy } from '../access/policy';
import { runBotProcess } from '../run-bot-process';
import { DEMO_SPACES, SimulatedCluster } from './simulated-cluster';

/**
 * `npm run demo`: the real bot (Slack, SQLite, poller, alerts) against a SIMULATED NebulaGraph,
 * so a team can try every feature before wiring in a cluster. Everyone is an admin; stopping a
 * job needs a second person's approval, so the approval flow can be tried too.
 */
const DEMO_POLICY: Policy = {
  configured: true,
  defaultRole: 'admin',
  rules: [],
  approvals: { ...DEFAULT_APPROVALS, stop: 'required' },
};

void runBotProcess(
  { POLL_SCHEDULE: '*/10 * * * * *', DEFAULT_SPACE: DEMO_SPACES[0], DATABASE_PATH: './data/demo.db', ...process.env },
  {
    fallbackPolicy: DEMO_POLICY,
    cluster: (logger) => {
      const cluster = new SimulatedCluster();
      const timer = setInterval(() => cluster.tick(), 5_000);
      logger.warn('demo.simulated_cluster', {
        note: 'DEMO MODE: jobs come from a built-in simulation, not from NebulaGraph. Nothing you do here touches a cluster.',
        spaces: DEMO_SPACES,
      });
      return {
        gateway: cluster,
        health: () => ({ state: 'ready', readyConnections: 0, homeSpace: DEMO_SPACES[0], lastError: null, since: new Date(0), downSince: null }),
        close: async () => clearInterval(timer),
      };
    },
  },
);
