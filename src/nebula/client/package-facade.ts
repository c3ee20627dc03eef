/**
 * The only file that touches @nebula-contrib/nebula-nodejs. The package ships loose typings
 * (`Promise<any>`, private pool fields), so this file states the small surface we rely on,
 * including the few internals the containment in client.ts must reach (documented in
 * docs/nebula-client.md).
 */
import { createClient } from '@nebula-contrib/nebula-nodejs';
import { utcDate } from '../results';

export interface Endpoint {
  host: string;
  port: number;
}

/** `host:port`, or `[v6]:port`, as the address is written in NEBULA_SERVERS. */
export function serverAddress({ host, port }: Endpoint): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * A graphd table with plain JS values, row-major, as SHOW JOBS prints it: numbers, strings,
 * booleans, null, and DateTime as a Date.
 */
export interface Table {
  columns: string[];
  rows: unknown[][];
}

/** An ExecutionResponse as the package hands it over with returnOriginalData = true. */
export interface RawResponse {
  error_code: number;
  space_name?: string | Buffer | null;
  error_msg?: string | Buffer | null;
  data?: { column_names: Array<string | Buffer>; rows: Array<{ values: RawValue[] }> } | null;
}

/** A common.Value union: every member present, the unset ones null (EMPTY = all null). */
interface RawValue {
  nVal?: unknown;
  bVal?: boolean | null;
  iVal?: { toNumber(allowImprecise: boolean): number } | number | null;
  fVal?: number | null;
  sVal?: string | Buffer | null;
  dtVal?: Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'sec' | 'microsec', number | null> | null;
}

type DateTimeFields = NonNullable<RawValue['dtVal']>;

/** A DateTime missing its date (never seen from graphd) is no instant: null, as toInstant would say. */
function dateOf(dt: DateTimeFields): Date | null {
  if (typeof dt.year !== 'number' || typeof dt.month !== 'number' || typeof dt.day !== 'number') return null;
  return utcDate(dt.year, dt.month, dt.day, dt.hour ?? 0, dt.minute ?? 0, dt.sec ?? 0, dt.microsec ?? 0);
}

const text = (value: string | Buffer): string => (typeof value === 'string' ? value : value.toString('utf8'));

/**
 * Plain values from the raw union: ints as numbers (job ids are i32), strings, DateTime (UTC
 * fields) as a Date, EMPTY and NULL as null. Skipping the package's parser saves most of its
 * garbage; a Date crosses to the main thread as one number, where the thrift struct was an object
 * of seven named fields to copy (most of the client thread's time per listing).
 */
function plain(value: RawValue): unknown {
  if (value.iVal !== null && value.iVal !== undefined) return typeof value.iVal === 'number' ? value.iVal : value.iVal.toNumber(true);
  if (value.sVal !== null && value.sVal !== undefined) return text(value.sVal);
  const dt = value.dtVal;
  if (dt !== null && dt !== undefined) return dateOf(dt);
  if (value.bVal !== null && value.bVal !== undefined) return value.bVal;
  if (value.fVal !== null && value.fVal !== undefined) return value.fVal;
  return null;
}

export function toTable(response: RawResponse): Table | null {
  if (!response.data) return null;
  return {
    columns: response.data.column_names.map(text),
    rows: (response.data.rows ?? []).map((row) => row.values.map(plain)),
  };
}

export function responseText(value: string | Buffer | null | undefined): string {
  return value === null || value === undefined ? '' : text(value);
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
  /** The graphd server this connection talks to, as configured. */
  connectionOption: Endpoint;
  isReady: boolean;
  isBusy: boolean;
  sessionId?: unknown;
  connection: ThriftConnection;
  /** The generated GraphService client; `_reqs` holds the callbacks of requests awaiting a reply. */
  client: { signout(sessionId: unknown): unknown; _reqs?: Record<string, (error: unknown, result?: unknown) => void> };
  on(event: 'free', listener: () => void): void;
}

/** A statement the package holds because no connection was free; it runs whenever one frees, timed out or not. */
export interface QueuedTask {
  executingTimer: NodeJS.Timeout | null;
}

export interface PoolClient {
  execute(statement: string, returnOriginalData: true): Promise<RawResponse>;
  /** The package's buffer of statements waiting for a connection (Client.taskQueue). */
  taskQueue: QueuedTask[];
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
  authenticate(user: string, password: string): Promise<{ error_code: number; error_msg?: string | Buffer | null; session_id: unknown }>;
  execute(sessionId: unknown, statement: Buffer): Promise<RawResponse>;
  signout(sessionId: unknown): unknown;
}

export interface OneShotConnection {
  on(event: 'connect' | 'error' | 'close', listener: (error?: Error) => void): void;
  end(): void;
  destroy(): void;
}

type FrameCallback = (transport: unknown, seqId?: unknown) => void;

interface FramedTransport {
  new (frame: Buffer): unknown;
  receiver(callback: FrameCallback, seqId?: unknown): (data: Buffer) => void;
}

interface ThriftModule {
  TFramedTransport: FramedTransport;
  createConnection(host: string, port: number, options: Record<string, unknown>): OneShotConnection;
  createClient(service: unknown, connection: OneShotConnection): GraphServiceClient;
}

/* eslint-disable @typescript-eslint/no-require-imports */
const thrift = require('@nebula-contrib/nebula-nodejs/thrift') as ThriftModule;
const GraphService = require('@nebula-contrib/nebula-nodejs/nebula/interface/GraphService') as unknown;
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * A framed-transport receiver that keeps received bytes in Buffers. The package's patched one
 * pushes every byte into a JS array and splices it per frame: a 1,000-row SHOW JOBS becomes
 * ~10⁵ array operations, and garbage collection then took ~40% of the bot's CPU (measured with
 * --cpu-prof), delaying Slack acks behind it.
 */
export function framedReceiver(Transport: FramedTransport, callback: FrameCallback, seqId?: unknown): (data: Buffer) => void {
  let residual: Buffer | null = null;
  return (data: Buffer) => {
    let buffer = residual ? Buffer.concat([residual, data]) : data;
    while (buffer.length >= 4) {
      const size = buffer.readInt32BE(0);
      if (buffer.length < 4 + size) break;
      callback(new Transport(buffer.subarray(4, 4 + size)), seqId);
      buffer = buffer.subarray(4 + size);
    }
    residual = buffer.length > 0 ? buffer : null;
  };
}

const { TFramedTransport } = thrift;
TFramedTransport.receiver = (callback, seqId) => framedReceiver(TFramedTransport, callback, seqId);

export function openOneShot(endpoint: Endpoint): { connection: OneShotConnection; client: GraphServiceClient } {
  // max_attempts 0: no reconnect loop for a one-shot login.
  const connection = thrift.createConnection(endpoint.host, endpoint.port, {
    transport: thrift.TFramedTransport,
    max_attempts: 0,
  });
  return { connection, client: thrift.createClient(GraphService, connection) };
}
