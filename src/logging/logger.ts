/**
 * Structured JSON logs, one object per line. Secrets are scrubbed twice: by key name and by
 * value (the configured secrets themselves), so a token pasted into an error message is caught.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(bindings: LogFields): Logger;
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Values that must never be printed (tokens, passwords). */
  secrets?: readonly string[];
  write?: (line: string) => void;
  now?: () => Date;
}

const SECRET_KEY = /token|secret|password|authorization|cookie/i;
const REDACTED = '[redacted]';

function serialiseError(error: Error): LogFields {
  const code = (error as NodeJS.ErrnoException).code ?? (error as { errno?: unknown }).errno;
  return { name: error.name, message: error.message, ...(code !== undefined ? { code } : {}), stack: error.stack };
}

function scrub(value: unknown, secrets: readonly string[], depth = 0): unknown {
  if (typeof value === 'string') {
    return secrets.reduce((text, secret) => (secret ? text.split(secret).join(REDACTED) : text), value);
  }
  if (value instanceof Error) return scrub(serialiseError(value), secrets, depth);
  if (value === null || typeof value !== 'object' || depth > 5) return value;
  if (Array.isArray(value)) return value.map((item) => scrub(item, secrets, depth + 1));
  const out: LogFields = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) && typeof item === 'string' ? REDACTED : scrub(item, secrets, depth + 1);
  }
  return out;
}

export function createLogger(options: LoggerOptions = {}, bindings: LogFields = {}): Logger {
  const threshold = LEVELS[options.level ?? 'info'];
  // Short values (a default password like "nebula") would blank out ordinary words; keys still catch them.
  const secrets = (options.secrets ?? []).filter((secret) => secret.length >= 8);
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const now = options.now ?? (() => new Date());

  const log = (level: LogLevel, message: string, fields?: LogFields): void => {
    if (LEVELS[level] < threshold) return;
    const entry = scrub({ time: now().toISOString(), level, msg: message, ...bindings, ...fields }, secrets);
    write(JSON.stringify(entry));
  };
  return {
    debug: (message, fields) => log('debug', message, fields),
    info: (message, fields) => log('info', message, fields),
    warn: (message, fields) => log('warn', message, fields),
    error: (message, fields) => log('error', message, fields),
    child: (more) => createLogger(options, { ...bindings, ...more }),
  };
}

/** For tests and tools that want silence. */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};
