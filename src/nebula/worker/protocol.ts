import type { FailureKind } from '../../jobs/jobs-error';
import type { ThreadLog } from '../../logging/thread-logger';
import type { NebulaState, ServerConnections } from '../client/graph-client';
import type { StatementContext } from '../errors';
import type { WireTable } from './wire-table';

/** Messages between the bot's main thread and the thread that runs the NebulaGraph client. */

export type Request = { id: number; op: 'read' | 'mutate'; statement: string; context: StatementContext } | { id: number; op: 'start' | 'close' };

export type Reply =
  | { type: 'result'; id: number; table: WireTable | null }
  | { type: 'error'; id: number; kind: FailureKind; message: string; hint?: string }
  | {
      type: 'state';
      state: NebulaState;
      readyConnections: number;
      servers?: ServerConnections[];
      homeSpace: string | null;
      lastError: string | null;
      since: number;
      downSince: number | null;
      serverVersion?: string | null;
      serverNotes?: string[];
    }
  | ThreadLog;
