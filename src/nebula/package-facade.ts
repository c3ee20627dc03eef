/**
 * The only file that touches @nebula-contrib/nebula-nodejs. The package ships loose typings
 * (`Promise<any>`, private pool fields), so this file states the small surface we rely on,
 * including the few internals the containment in client.ts must reach (documented in
 * ../shared/nebula-client-and-dashboard.md §2.3–2.8).
 */
import { createClient } from '@nebula-contrib/nebula-nodejs';

export interface Endpoint {
  host: string;
  port: number;
}

/** A parsed ExecutionResponse (returnOriginalData = false). */
export interface ParsedResponse {
  error_code: number;
  space_name?: string | null;
  error_msg?: string | null;
  data: Record<string, unknown[]> | null;
}

/** The thrift connection under one pooled connection (its reconnect loop lives here). */
interface ThriftConnection {
  connected: boolean;
  forceClose: boolean;
  retry_timer: NodeJS.Timeout | null;
  connection: { destroy(): void };
}

export interface PooledConnection {
  connectionId: string;
  isReady: boolean;
  isBusy: boolean;
  sessionId?: unknown;
  connection: ThriftConnection;
  /** The generated GraphService client; `_reqs` holds the callbacks of requests awaiting a reply. */
  client: { signout(sessionId: unknown): unknown; _reqs?: Record<string, (error: unknown, result?: unknown) => void> };
  on(event: 'free', listener: () => void): void;
}

export interface PoolClient {
  execute(statement: string): Promise<ParsedResponse>;
  close(): Promise<unknown>;
  on(event: string, listener: (payload: { sender: PooledConnection; error?: unknown }) => void): void;
  removeAllListeners(): void;
  connections: PooledConnection[];
}

export interface PoolOptions {
  servers: Endpoint[];
  userName: string;
  password: string;
  /** Already back-quoted: the client interpolates it into `Use <space>` unquoted. */
  space: string;
  poolSize: number;
  bufferSize: number;
  executeTimeout: number;
  pingInterval: number;
}

export function createPool(options: PoolOptions): PoolClient {
  return createClient(options) as unknown as PoolClient;
}

/** One-shot GraphService client over the package's own thrift stack, for the preflight login. */
export interface GraphServiceClient {
  authenticate(user: string, password: string): Promise<{ error_code: number; error_msg?: unknown; session_id: unknown }>;
  execute(sessionId: unknown, statement: Buffer): Promise<{ error_code: number; error_msg?: unknown }>;
  signout(sessionId: unknown): unknown;
}

export interface OneShotConnection {
  on(event: 'connect' | 'error' | 'close', listener: (error?: Error) => void): void;
  end(): void;
  destroy(): void;
}

interface ThriftModule {
  TFramedTransport: unknown;
  createConnection(host: string, port: number, options: Record<string, unknown>): OneShotConnection;
  createClient(service: unknown, connection: OneShotConnection): GraphServiceClient;
}

/* eslint-disable @typescript-eslint/no-require-imports */
const thrift = require('@nebula-contrib/nebula-nodejs/thrift') as ThriftModule;
const GraphService = require('@nebula-contrib/nebula-nodejs/nebula/interface/GraphService') as unknown;
const { parser } = require('@nebula-contrib/nebula-nodejs') as {
  parser: { traverse(response: unknown): Promise<ParsedResponse> | ParsedResponse };
};
/* eslint-enable @typescript-eslint/no-require-imports */

export function openOneShot(endpoint: Endpoint): { connection: OneShotConnection; client: GraphServiceClient } {
  // max_attempts 0: no reconnect loop for a one-shot login.
  const connection = thrift.createConnection(endpoint.host, endpoint.port, {
    transport: thrift.TFramedTransport,
    max_attempts: 0,
  });
  return { connection, client: thrift.createClient(GraphService, connection) };
}

export async function parseResponse(raw: unknown): Promise<ParsedResponse> {
  return parser.traverse(raw);
}
