import type { LogFields, Logger, LogLevel } from './logger';

/** A log line a worker thread hands to the main thread's logger (which scrubs and writes it). */
export interface ThreadLog {
  type: 'log';
  level: LogLevel;
  message: string;
  fields?: Record<string, unknown>;
}

/** Errors cross threads as plain fields: a structured clone would drop their name and code. */
function plainFields(fields?: LogFields): Record<string, unknown> | undefined {
  if (!fields) return undefined;
  return Object.fromEntries(
    Object.entries(fields).map(([key, value]) => [key, value instanceof Error ? { name: value.name, message: value.message, code: (value as NodeJS.ErrnoException).code } : value]),
  );
}

/** A Logger for code running in a worker thread: each line is sent to the main thread. */
export function threadLogger(send: (log: ThreadLog) => void, bindings: LogFields = {}): Logger {
  const log = (level: LogLevel) => (message: string, fields?: LogFields) => send({ type: 'log', level, message, fields: plainFields({ ...bindings, ...fields }) });
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'), child: (more) => threadLogger(send, { ...bindings, ...more }) };
}

/** Writes a worker thread's line with the main thread's logger. */
export function writeThreadLog(logger: Logger, log: ThreadLog): void {
  logger[log.level](log.message, log.fields);
}
