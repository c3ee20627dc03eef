import { isJobId } from '../jobs/job-id';
import { isSpaceName } from '../spaces/space-name';

/**
 * Builders for every nGQL statement the bot sends. Each one is validated here again, whatever
 * the caller checked: this file is the last gate before text becomes nGQL.
 */

/** Back-quotes an identifier, escaping `\` and `` ` `` as NebulaGraph (and its Dashboard) expect. */
export function quoteIdentifier(name: string): string {
  return `\`${name.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;
}

function useSpace(space: string): string {
  if (!isSpaceName(space)) throw new Error(`refusing to build nGQL for an invalid space name`);
  return `USE ${quoteIdentifier(space)}`;
}

function jobId(id: number): string {
  if (!isJobId(id)) throw new Error(`refusing to build nGQL for an invalid job id`);
  return String(id);
}

/** Every job statement carries its own USE: pooled sessions are shared between spaces. */
export const statements = {
  showSpaces: (): string => 'SHOW SPACES',
  /** Every graphd metad knows, with its version; needs no space and no role. */
  showGraphHosts: (): string => 'SHOW HOSTS GRAPH',
  showJobs: (space: string): string => `${useSpace(space)}; SHOW JOBS`,
  showJob: (space: string, id: number): string => `${useSpace(space)}; SHOW JOB ${jobId(id)}`,
  stopJob: (space: string, id: number): string => `${useSpace(space)}; STOP JOB ${jobId(id)}`,
  // Always with the id: a bare RECOVER JOB re-queues every failed job of the space.
  recoverJob: (space: string, id: number): string => `${useSpace(space)}; RECOVER JOB ${jobId(id)}`,
};
