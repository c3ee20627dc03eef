import { parentPort, workerData } from 'node:worker_threads';
import { isJobsError } from '../../jobs/jobs-error';
import { threadLogger } from '../../logging/thread-logger';
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

const client = new NebulaClient({ ...(workerData as Omit<NebulaClientOptions, 'logger'>), logger: threadLogger(send) });

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
