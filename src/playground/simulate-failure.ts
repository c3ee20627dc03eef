import { setTimeout as delay } from 'node:timers/promises';
import { DEMO_SPACES, type SimulatedCluster } from '../demo/simulated-cluster';

export type SimulationResult = { ok: true; space: string; jobId: number; polled: boolean } | { ok: false; error: string };

export interface SimulationDeps {
  cluster: Pick<SimulatedCluster, 'makeJobFail'>;
  /** When the bot last polled each space. */
  lastPolls: () => ReadonlyMap<string, Date>;
  now: () => Date;
  /** How long to wait for the bot to poll the space before failing the job anyway. */
  pollWaitMs: number;
}

/**
 * The playground's "make a job fail" control. The bot records a baseline the first time it polls
 * a space and alerts only on changes after it, so the job fails only once the bot has polled the
 * space since the click: a channel subscribed a moment ago then gets the alert.
 */
export async function simulateFailure(deps: SimulationDeps, space: string): Promise<SimulationResult> {
  if (!DEMO_SPACES.includes(space)) return { ok: false, error: `The simulated cluster has ${DEMO_SPACES.join(', ')}.` };
  const asked = deps.now().getTime();
  const deadline = asked + deps.pollWaitMs;
  let polled = false;
  while (!polled && deps.now().getTime() < deadline) {
    const at = deps.lastPolls().get(space);
    polled = at !== undefined && at.getTime() >= asked;
    if (!polled) await delay(200);
  }
  return { ok: true, space, jobId: deps.cluster.makeJobFail(space), polled };
}
