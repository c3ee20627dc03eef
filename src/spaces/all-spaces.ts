import { isJobsError } from '../jobs/jobs-error';
import type { JobsGateway } from '../jobs/jobs-gateway';
import type { SpaceRef } from './space-ref';

export interface AllSpaces {
  /** Cluster by cluster in configuration order, each cluster's spaces sorted by name. */
  spaces: SpaceRef[];
  /** Clusters that could not be asked right now, with why. */
  unreachable: Array<{ cluster: string; reason: string }>;
}

/** Every space of the clusters asked (all by default), read at once: one slow cluster delays only its own part. */
export async function listAllSpaces(gateway: JobsGateway, clusters: readonly string[] = gateway.clusters().map((c) => c.name)): Promise<AllSpaces> {
  const answers = await Promise.all(
    clusters.map((cluster) =>
      gateway.listSpaces(cluster).then(
        (names) => ({ cluster, names, reason: null }),
        (error: unknown) => ({ cluster, names: [] as string[], reason: isJobsError(error) ? error.message : 'unexpected error' }),
      ),
    ),
  );
  return {
    spaces: answers.flatMap(({ cluster, names }) => names.map((space) => ({ cluster, space }))),
    unreachable: answers.filter((a) => a.reason !== null).map((a) => ({ cluster: a.cluster, reason: a.reason as string })),
  };
}
