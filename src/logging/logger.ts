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

function scrubText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}

/**
 * What may be printed of a value: secret keys blanked, secret values cut out of strings, errors
 * as their fields. Copies only what changes (a request's log line has nothing to scrub, and its
 * copies were garbage on every request); objects that are not plain are copied to their fields,
 * as they always were.
 */
function scrub(value: unknown, secrets: readonly string[], depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value, secrets);
  if (value instanceof Error) return scrub(serialiseError(value), secrets, depth);
  if (value === null || typeof value !== 'object' || depth > 5) return value;
  if (Array.isArray(value)) return scrubArray(value, secrets, depth);
  return scrubObject(value as Record<string, unknown>, secrets, depth);
}

function scrubArray(value: unknown[], secrets: readonly string[], depth: number): unknown[] {
  let out: unknown[] | null = null;
  for (let i = 0; i < value.length; i += 1) {
    const item = value[i];
    const scrubbed = scrub(item, secrets, depth + 1);
    if (out === null && scrubbed !== item) out = value.slice(0, i);
    if (out !== null) out.push(scrubbed);
  }
  return out ?? value;
}

function scrubObject(value: Record<string, unknown>, secrets: readonly string[], depth: number): LogFields {
  const proto = Object.getPrototypeOf(value) as unknown;
  let out: LogFields | null = proto === Object.prototype || proto === null ? null : {};
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i += 1) {
    const key = keys[i];
    const item = value[key];
    const scrubbed = SECRET_KEY.test(key) && typeof item === 'string' ? REDACTED : scrub(item, secrets, depth + 1);
    if (out === null && scrubbed !== item) {
      out = {};
      for (let j = 0; j < i; j += 1) out[keys[j]] = value[keys[j]];
    }
    if (out !== null) out[key] = scrubbed;
  }
  return out ?? value;
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
