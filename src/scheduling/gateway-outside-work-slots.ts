import type { JobsGateway } from '../jobs/jobs-gateway';
import type { WorkQueue } from './work-queue';

/**
 * The gateway as Slack's listeners use it: each call to NebulaGraph waits aside from the work
 * queue's slots, so people waiting on a cluster that hangs never hold up answers from another
 * (or `help`). graphd's own load stays bounded by each cluster's connection pool.
 */
export function outsideWorkSlots(gateway: JobsGateway, work: WorkQueue): JobsGateway {
  return {
    clusters: () => gateway.clusters(),
    serverFacts: (cluster) => gateway.serverFacts(cluster),
    listSpaces: (cluster, options) => work.aside(() => gateway.listSpaces(cluster, options)),
    listJobs: (ref) => work.aside(() => gateway.listJobs(ref)),
    showJob: (ref, jobId) => work.aside(() => gateway.showJob(ref, jobId)),
    stopJob: (ref, jobId, command) => work.aside(() => gateway.stopJob(ref, jobId, command)),
    recoverJob: (ref, jobId) => work.aside(() => gateway.recoverJob(ref, jobId)),
  };
}
