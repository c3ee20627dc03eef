import type { StatementContext } from '../errors';
import type { Table } from './package-facade';

export type NebulaState = 'idle' | 'connecting' | 'ready' | 'reconnecting' | 'unreachable' | 'rejected' | 'closed';

export interface ServerConnections {
  address: string;
  readyConnections: number;
}

export interface NebulaHealth {
  state: NebulaState;
  readyConnections: number;
  /** Ready connections per configured graphd server (`host:port`), in configuration order. */
  servers?: ServerConnections[];
  homeSpace: string | null;
  lastError: string | null;
  /** When the state last changed. */
  since: Date;
  /** Since when connecting has not succeeded (across reconnect attempts); null while ready or idle. */
  downSince: Date | null;
  /** graphd's release as read at the last connect (SHOW HOSTS GRAPH); null when unknown. */
  serverVersion?: string | null;
  /** What that release does differently from the 3.4–3.8 rules the bot applies; empty for 3.4–3.8. */
  serverNotes?: string[];
}

/** The contained NebulaGraph client, in this thread (NebulaClient) or in a worker (WorkerGraphClient). */
export interface GraphClient {
  start(): Promise<void>;
  read(statement: string, context?: StatementContext): Promise<Table | null>;
  mutate(statement: string, context?: StatementContext): Promise<Table | null>;
  health(): NebulaHealth;
  onStateChange(listener: (health: NebulaHealth) => void): () => void;
  close(): Promise<void>;
}
