import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../../logging/logger';

const ORDER: LogLevel[] = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];

export function boltLevel(level: 'debug' | 'info' | 'warn' | 'error'): LogLevel {
  return { debug: LogLevel.DEBUG, info: LogLevel.INFO, warn: LogLevel.WARN, error: LogLevel.ERROR }[level];
}

/** Bolt and its WebClient log through ours, so their lines are JSON and scrubbed of secrets too. */
export function boltLogger(logger: Logger, initial: LogLevel = LogLevel.INFO): BoltLogger {
  let level = initial;
  let scoped = logger.child({ component: 'bolt' });
  const enabled = (at: LogLevel): boolean => ORDER.indexOf(at) >= ORDER.indexOf(level);
  const text = (parts: unknown[]): string => parts.map((p) => (typeof p === 'string' ? p : p instanceof Error ? p.message : JSON.stringify(p))).join(' ');
  return {
    debug: (...msg: unknown[]) => enabled(LogLevel.DEBUG) && scoped.debug(text(msg)),
    info: (...msg: unknown[]) => enabled(LogLevel.INFO) && scoped.info(text(msg)),
    warn: (...msg: unknown[]) => enabled(LogLevel.WARN) && scoped.warn(text(msg)),
    error: (...msg: unknown[]) => enabled(LogLevel.ERROR) && scoped.error(text(msg)),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: (name: string) => {
      scoped = logger.child({ component: name });
    },
  } as BoltLogger;
}
