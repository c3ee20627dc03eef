import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { CLUSTER_NAME, DEFAULT_CLUSTER } from '../spaces/space-ref';
import { parseServers } from './servers';

/** metad's --job_expired_secs as NEBULA_JOB_EXPIRY_SECONDS and a cluster's jobExpirySeconds accept it: one minute to ten years. */
export const JOB_EXPIRY_SECONDS = { min: 60, max: 315_360_000, problem: "must be seconds from 60 to 315360000, as metad's --job_expired_secs, e.g. 604800 (7 days)" };

/**
 * CLUSTERS_FILE: the NebulaGraph clusters one bot serves, in YAML or JSON. Passwords are never
 * in the file: each cluster names the environment variable that holds its password.
 *
 * ```yaml
 * clusters:
 *   - name: prod
 *     servers: [graphd-a:9669, graphd-b:9669]
 *     user: jobs_bot
 *     passwordEnv: NEBULA_PROD_PASSWORD
 *     timeoutMs: 15000          # optional
 *     jobExpirySeconds: 604800  # optional: metad's --job_expired_secs on that cluster
 * ```
 */

export interface ClusterConfig {
  /** Short, lower case: what people type before the slash (`prod/nba`). */
  name: string;
  servers: Array<{ host: string; port: number }>;
  user: string;
  password: string;
  timeoutMs: number;
  /** metad's --job_expired_secs there (NEBULA_JOB_EXPIRY_SECONDS unless the file says). */
  jobExpirySeconds: number;
}

const cluster = z
  .object({
    name: z.string().regex(CLUSTER_NAME, 'must be a short lower-case name (letters, digits, _ or -, at most 32), e.g. prod'),
    servers: z
      .array(z.string())
      .min(1, 'must list at least one graphd, e.g. ["graphd:9669"]')
      .transform((list, ctx) => {
        const servers = parseServers(list.join(','));
        if (!servers) ctx.addIssue({ code: 'custom', message: 'must be host:port addresses, e.g. ["graphd1:9669", "graphd2:9669"]' });
        return servers ?? [];
      }),
    user: z.string().min(1, 'must name the NebulaGraph user, e.g. "root"'),
    passwordEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'must be the name of an environment variable holding the password, e.g. NEBULA_PROD_PASSWORD'),
    timeoutMs: z.number().int().min(100).max(600_000, 'must be milliseconds from 100 to 600000').optional(),
    jobExpirySeconds: z.number().int().min(JOB_EXPIRY_SECONDS.min, JOB_EXPIRY_SECONDS.problem).max(JOB_EXPIRY_SECONDS.max, JOB_EXPIRY_SECONDS.problem).optional(),
  })
  .strict();

const schema = z
  .object({
    clusters: z
      .array(cluster)
      .min(1, 'must list at least one cluster')
      .refine((list) => new Set(list.map((c) => c.name)).size === list.length, 'must not name a cluster twice'),
  })
  .strict();

export type ClustersResult = { ok: true; clusters: ClusterConfig[] } | { ok: false; problems: string[] };

function path(parts: PropertyKey[]): string {
  return parts.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i ? '.' : ''}${String(part)}`)).join('') || '(top level)';
}

/** Checks a parsed clusters file; a password variable that is unset is a problem too. */
export function parseClusters(document: unknown, environment: NodeJS.ProcessEnv, defaults: { timeoutMs: number; jobExpirySeconds: number }): ClustersResult {
  const parsed = schema.safeParse(document);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((issue) => `CLUSTERS_FILE ${path(issue.path)}: ${issue.message}`) };
  }
  const problems: string[] = [];
  const clusters = parsed.data.clusters.map((c, index): ClusterConfig => {
    const password = environment[c.passwordEnv];
    if (password === undefined) problems.push(`CLUSTERS_FILE clusters[${index}].passwordEnv: ${c.passwordEnv} is not set in the environment`);
    return {
      name: c.name,
      servers: c.servers,
      user: c.user,
      password: password ?? '',
      timeoutMs: c.timeoutMs ?? defaults.timeoutMs,
      jobExpirySeconds: c.jobExpirySeconds ?? defaults.jobExpirySeconds,
    };
  });
  return problems.length ? { ok: false, problems } : { ok: true, clusters };
}

/** Reads CLUSTERS_FILE (`.json`, else YAML, which JSON also is). */
export function loadClusters(file: string, environment: NodeJS.ProcessEnv, defaults: { timeoutMs: number; jobExpirySeconds: number }): ClustersResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { ok: false, problems: [`CLUSTERS_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`] };
  }
  let document: unknown;
  try {
    document = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    return { ok: false, problems: [`CLUSTERS_FILE: ${file} is not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'} (${(error as Error).message.split('\n')[0]})`] };
  }
  return parseClusters(document, environment, defaults);
}

/** Without CLUSTERS_FILE, the NEBULA_* variables describe one cluster named `default`. */
export function defaultCluster(settings: Omit<ClusterConfig, 'name'>): ClusterConfig {
  return { name: DEFAULT_CLUSTER, ...settings };
}
