import { runPlayground } from '../playground/run-playground';
import { runBotProcess } from '../run-bot-process';
import { demoCluster } from './demo-cluster';
import { DEMO_POLICY } from './demo-policy';
import { DEMO_SPACES, SimulatedCluster } from './simulated-cluster';

/**
 * `npm run demo`: the real bot (Slack app, SQLite, poller, alerts) against a SIMULATED NebulaGraph.
 * With a Slack bot token it joins your workspace; without one it runs the local playground: a
 * stand-in for Slack in the browser, so the bot can be tried before installing it anywhere.
 */
if ((process.env.SLACK_BOT_TOKEN ?? '').trim() === '') {
  void runPlayground(process.env);
} else {
  void runBotProcess(
    { POLL_SCHEDULE: '*/10 * * * * *', DEFAULT_SPACE: DEMO_SPACES[0], DATABASE_PATH: './data/demo.db', ...process.env },
    { fallbackPolicy: DEMO_POLICY, cluster: (logger) => demoCluster(new SimulatedCluster(), logger) },
  );
}
