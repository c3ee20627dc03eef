import { StatementContext } from '../errors';
import { Table } from './package-facade';

export type NebulaState = 'idle' | 'connecting' | 'ready' | 'reconnecting' | 'unreachable' | 'rejected' | 'closed';

export interface NebulaHealth {
  state: NebulaState;
  readyConnections: number;
  homeSpace: string | null;
  lastError: string | null;
  /** When the state last changed. */
  since: Date;
  /** Since when connecting has not succeeded (across reconnect attempts); null while ready or idle. */
  downSince: Date | null;
  /** graphd's version (SHOW HOSTS GRAPH), once known. */
  version?: string | null;
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
