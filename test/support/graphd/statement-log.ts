import type { EventEmitter } from 'node:events';
import { matches, type StatementMatcher } from './faults';

export interface StatementLogEntry {
  at: Date;
  sessionId: number;
  user: string;
  statement: string;
  /** The session's space before the statement ran. */
  spaceBefore: string | null;
  errorCode: number;
  errorMsg: string | null;
  /** Whether an answer was sent (false for hung statements). */
  answered: boolean;
  /** When the answer left (after any latency or delay; for a hung statement, when released). */
  answeredAt?: Date;
}

/** Every statement one fake graphd received, with waits on the 'statement' event (no polling). */
export class StatementLog {
  readonly entries: StatementLogEntry[] = [];

  constructor(private readonly events: EventEmitter) {}

  record(entry: StatementLogEntry): void {
    this.entries.push(entry);
    this.events.emit('statement', entry);
  }

  statements(options: { from?: number; includePings?: boolean } = {}): string[] {
    return this.entries
      .slice(options.from ?? 0)
      .filter((entry) => options.includePings || entry.statement !== 'YIELD 1')
      .map((entry) => entry.statement);
  }

  matching(pattern: RegExp, from = 0): StatementLogEntry[] {
    return this.entries.slice(from).filter((entry) => pattern.test(entry.statement));
  }

  /** Resolves with what `found` finds now or, later, `onEntry` in a new statement; rejects with `describe()`. */
  private until<T>(found: () => T | undefined, onEntry: (entry: StatementLogEntry) => T | undefined, timeoutMs: number, describe: () => string): Promise<T> {
    const now = found();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const listener = (entry: StatementLogEntry): void => {
        const value = onEntry(entry);
        if (value === undefined) return;
        clearTimeout(timer);
        this.events.off('statement', listener);
        resolve(value);
      };
      const timer = setTimeout(() => {
        this.events.off('statement', listener);
        reject(new Error(describe()));
      }, timeoutMs);
      this.events.on('statement', listener);
    });
  }

  waitFor(predicate: StatementMatcher, options: { from?: number; timeoutMs?: number } = {}): Promise<StatementLogEntry> {
    const timeoutMs = options.timeoutMs ?? 20_000;
    return this.until(
      () => this.entries.slice(options.from ?? 0).find((entry) => matches(predicate, entry.statement)),
      (entry) => (matches(predicate, entry.statement) ? entry : undefined),
      timeoutMs,
      () => `fake graphd: no statement matching ${String(predicate)} within ${timeoutMs} ms; last: ${JSON.stringify(this.statements().slice(-5))}`,
    );
  }

  waitForCount(pattern: RegExp, count: number, timeoutMs = 20_000): Promise<void> {
    let seen = this.matching(pattern).length;
    return this.until(
      () => (seen >= count ? true : undefined),
      (entry) => ((seen += pattern.test(entry.statement) ? 1 : 0) >= count ? true : undefined),
      timeoutMs,
      () => `fake graphd: ${this.matching(pattern).length} of ${count} statements matching ${pattern}`,
    ).then(() => undefined);
  }
}
