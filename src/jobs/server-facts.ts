/** metad's --job_expired_secs default: seven days. */
export const DEFAULT_JOB_EXPIRY_MS = 604_800_000;

/**
 * What the rules need to know about the cluster besides its jobs (JobsGateway.serverFacts):
 * how long metad keeps ended jobs, and which graphd release answers.
 */
export interface ServerFacts {
  /**
   * metad's --job_expired_secs as the bot was told (NEBULA_JOB_EXPIRY_SECONDS). metad measures it
   * on its own clock, so graphd's listing wins whenever the two disagree (rules.ts).
   */
  jobExpiryMs: number;
  /** graphd's release as SHOW HOSTS GRAPH printed it at connect ("3.8.0"); null until known or when graphd gave none. */
  version: string | null;
}
