import { parentPort, workerData } from 'node:worker_threads';
import { isJobsError } from '../../jobs/jobs-error';
import type { LogFields, Logger } from '../../logging/logger';
import { NebulaClient, type NebulaClientOptions } from '../client/contained-client';
import type { Reply, Request } from './protocol';
import { encodeTable } from './wire-table';

/**
 * The NebulaGraph client's thread. Thrift decoding and its garbage stay here, so the main
 * thread answers Slack (acks within 3 s) without waiting behind them.
 */
const port = parentPort;
if (!port) throw new Error('client-worker must run in a worker thread');

const send = (reply: Reply): void => port.postMessage(reply);

function plainFields(fields?: LogFields): Record<string, unknown> | undefined {
  if (!fields) return undefined;
  return Object.fromEntries(
    Object.entries(fields).map(([key, value]) => [key, value instanceof Error ? { name: value.name, message: value.message, code: (value as NodeJS.ErrnoException).code } : value]),
  );
}

function workerLogger(bindings: LogFields = {}): Logger {
  const log = (level: 'debug' | 'info' | 'warn' | 'error') => (message: string, fields?: LogFields) =>
    send({ type: 'log', level, message, fields: plainFields({ ...bindings, ...fields }) });
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'), child: (more) => workerLogger({ ...bindings, ...more }) };
}

const client = new NebulaClient({ ...(workerData as Omit<NebulaClientOptions, 'logger'>), logger: workerLogger() });

const reportState = (): void => {
  const health = client.health();
  send({ type: 'state', ...health, since: health.since.getTime(), downSince: health.downSince?.getTime() ?? null });
};
client.onStateChange(reportState);

port.on('message', (request: Request) => {
  void (async () => {
    try {
      switch (request.op) {
        case 'start':
          await client.start();
          reportState();
          return;
        case 'close':
          await client.close();
          send({ type: 'result', id: request.id, table: null });
          return;
        case 'read':
        case 'mutate': {
          const table = await client[request.op](request.statement, request.context);
          send({ type: 'result', id: request.id, table: table && encodeTable(table) });
          return;
        }
      }
    } catch (error) {
      if (isJobsError(error)) send({ type: 'error', id: request.id, kind: error.kind, message: error.message, hint: error.hint });
      else send({ type: 'error', id: request.id, kind: 'nebula-error', message: 'NebulaGraph failed in an unexpected way.' });
    }
  })();
});
