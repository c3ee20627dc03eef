import { Job, JobDetail } from '../jobs/job';
import { JobsError } from '../jobs/jobs-error';
import { JobsGateway } from '../jobs/jobs-gateway';
import { ClusterStatus, SpaceRef } from '../spaces/space-ref';
import { ClusterJobs } from './cluster-jobs';
import { GraphClient, NebulaHealth } from './client/graph-client';

/** How long a cluster's SHOW SPACES answer serves name lookups before it is read again. */
const SPACE_LIST_TTL_MS = 10_000;

interface Served {
  client: GraphClient;
  jobs: ClusterJobs;
  spaces: { at: number; names: Promise<string[]> } | null;
  /** graphd's version as SHOW HOSTS GRAPH last told it, for a client that does not report one. */
  version: string | null;
}

/**
 * The JobsGateway of a bot serving several clusters: each has its own contained client (its own
 * thread, connections, reconnect state), so one cluster down or slow never holds up another.
 */
export class ClustersGateway implements JobsGateway {
  private readonly served = new Map<string, Served>();

  constructor(
    clients: ReadonlyArray<{ name: string; client: GraphClient }>,
    private readonly now: () => number = Date.now,
  ) {
    for (const { name, client } of clients) {
      const served: Served = { client, jobs: new ClusterJobs(client), spaces: null, version: null };
      this.served.set(name, served);
      // Each time a connection is (re)made the version is read again: graphd may have been upgraded meanwhile.
      let wasReady = false;
      client.onStateChange((health) => {
        if (health.state === 'ready' && !wasReady && health.version === undefined) void this.readVersion(served);
        wasReady = health.state === 'ready';
      });
    }
  }

  clusters(): ClusterStatus[] {
    return [...this.served].map(([name, { client, version }]) => {
      const health = client.health();
      return { name, state: health.state, version: health.version ?? version, lastError: health.lastError };
    });
  }

  private async readVersion(served: Served): Promise<void> {
    served.version = await served.jobs.graphVersion().catch(() => served.version);
  }

  listSpaces(cluster: string, options: { fresh?: boolean } = {}): Promise<string[]> {
    const served = this.of(cluster);
    const cached = served.spaces;
    if (cached && !options.fresh && this.now() - cached.at < SPACE_LIST_TTL_MS) return cached.names;
    const names = served.jobs.listSpaces();
    served.spaces = { at: this.now(), names };
    // A failed read is not remembered: the next lookup asks again.
    names.catch(() => {
      if (served.spaces?.names === names) served.spaces = null;
    });
    return names;
  }

  listJobs(ref: SpaceRef): Promise<Job[]> {
    return this.of(ref.cluster).jobs.listJobs(ref.space);
  }

  showJob(ref: SpaceRef, jobId: number): Promise<JobDetail> {
    return this.of(ref.cluster).jobs.showJob(ref.space, jobId);
  }

  stopJob(ref: SpaceRef, jobId: number): Promise<void> {
    return this.of(ref.cluster).jobs.stopJob(ref.space, jobId);
  }

  recoverJob(ref: SpaceRef, jobId: number): Promise<number> {
    return this.of(ref.cluster).jobs.recoverJob(ref.space, jobId);
  }

  /** Each cluster's connection for /healthz, with the version read here when its client reports none. */
  health(): Array<{ name: string; health: NebulaHealth }> {
    return [...this.served].map(([name, { client, version }]) => {
      const health = client.health();
      return { name, health: { ...health, version: health.version ?? version } };
    });
  }

  /** The clients, for start-up and shutdown. */
  clients(): Array<{ name: string; client: GraphClient }> {
    return [...this.served].map(([name, { client }]) => ({ name, client }));
  }

  private of(cluster: string): Served {
    const served = this.served.get(cluster);
    if (!served) throw new JobsError('invalid-input', `The bot serves no cluster named \`${cluster}\`.`, '`clusters` lists the ones it serves.');
    return served;
  }
}
