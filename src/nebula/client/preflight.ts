import { JobsError } from '../../jobs/jobs-error';
import { isNetworkError, toJobsError } from '../errors';
import { toServerVersion, toSpaceNames } from '../results';
import { statements } from '../statements';
import { type Endpoint, openOneShot, responseText, toTable } from './package-facade';

export interface Preflight {
  /** Spaces the account may read, sorted: the pool's home space is one of them. */
  spaces: string[];
  /** graphd's release (SHOW HOSTS GRAPH), or null when it gave none. */
  version: string | null;
}

/**
 * One login on one plain connection, before the pool exists: it tells a wrong password or an
 * unreachable graphd apart (the pool would hide both behind timeouts while re-logging in every
 * second), finds a space the pool can `USE` on every connect, and reads graphd's release. It
 * always signs out.
 */
export async function preflight(endpoint: Endpoint, credentials: { user: string; password: string }, timeoutMs: number): Promise<Preflight> {
  const { connection, client } = openOneShot(endpoint);
  let timer: NodeJS.Timeout | undefined;
  const failed = new Promise<never>((_, reject) => {
    connection.on('error', (error) => reject(error));
    connection.on('close', () => reject(new JobsError('nebula-unreachable', 'NebulaGraph closed the connection.')));
    timer = setTimeout(() => reject(new JobsError('nebula-timeout', `NebulaGraph at ${endpoint.host}:${endpoint.port} did not answer in time.`)), timeoutMs);
  });
  const connected = new Promise<void>((resolve) => connection.on('connect', () => resolve()));
  let sessionId: unknown;
  try {
    await Promise.race([connected, failed]);
    const auth = await Promise.race([client.authenticate(credentials.user, credentials.password), failed]);
    if (auth.error_code !== 0) {
      throw toJobsError({ code: 'ERR_NEBULA', errno: auth.error_code, message: responseText(auth.error_msg) });
    }
    sessionId = auth.session_id;
    const response = await Promise.race([client.execute(sessionId, Buffer.from(statements.showSpaces())), failed]);
    if (response.error_code !== 0) {
      throw toJobsError({ code: 'ERR_NEBULA', errno: response.error_code, message: responseText(response.error_msg) });
    }
    const spaces = toSpaceNames(toTable(response)).sort();
    // Any session may ask; a server that refuses still serves jobs, with its release unknown.
    const hosts = await Promise.race([client.execute(sessionId, Buffer.from(statements.showGraphHosts())), failed]);
    return { spaces, version: hosts.error_code === 0 ? toServerVersion(toTable(hosts), endpoint) : null };
  } catch (error) {
    if (isNetworkError(error)) {
      throw new JobsError('nebula-unreachable', `Cannot reach NebulaGraph at ${endpoint.host}:${endpoint.port} (${error.code}).`);
    }
    throw toJobsError(error);
  } finally {
    clearTimeout(timer);
    failed.catch(() => undefined);
    if (sessionId !== undefined) {
      client.signout(sessionId);
      connection.end();
    } else {
      connection.destroy();
    }
  }
}
