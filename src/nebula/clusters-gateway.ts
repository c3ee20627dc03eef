import type { Job, JobDetail } from '../jobs/job';
import { JobsError } from '../jobs/jobs-error';
import type { JobsGateway } from '../jobs/jobs-gateway';
import type { ServerFacts } from '../jobs/server-facts';
import type { ClusterStatus, SpaceRef } from '../spaces/space-ref';
import type { GraphClient, NebulaHealth } from './client/graph-client';
import { ClusterJobs } from './cluster-jobs';

/** How long a cluster's SHOW SPACES answer serves name lookups before it is read again. */
const SPACE_LIST_TTL_MS = 10_000;

interface Served {
  client: GraphClient;
  jobs: ClusterJobs;
  spaces: { at: number; names: Promise<string[]> } | null;
}

/**
 * The JobsGateway of a bot serving several clusters: each has its own contained client (its own
 * thread, connections, reconnect state), so one cluster down or slow never holds up another.
 */
export class ClustersGateway implements JobsGateway {
  private readonly served = new Map<string, Served>();

  constructor(
    clients: ReadonlyArray<{ name: string; client: GraphClient; jobExpirySeconds?: number }>,
    private readonly now: () => number = Date.now,
  ) {
    for (const { name, client, jobExpirySeconds } of clients) this.served.set(name, { client, jobs: new ClusterJobs(client, { jobExpirySeconds }), spaces: null });
  }

  clusters(): ClusterStatus[] {
    return [...this.served].map(([name, { client }]) => {
      const health = client.health();
      return { name, state: health.state, version: health.serverVersion ?? null, lastError: health.lastError };
    });
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

  stopJob(ref: SpaceRef, jobId: number, command?: string): Promise<void> {
    return this.of(ref.cluster).jobs.stopJob(ref.space, jobId, command);
  }

  recoverJob(ref: SpaceRef, jobId: number): Promise<number> {
    return this.of(ref.cluster).jobs.recoverJob(ref.space, jobId);
  }

  serverFacts(cluster: string): ServerFacts {
    return this.of(cluster).jobs.serverFacts();
  }

  /** Each cluster's connection, for /healthz. */
  health(): Array<{ name: string; health: NebulaHealth }> {
    return [...this.served].map(([name, { client }]) => ({ name, health: client.health() }));
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
