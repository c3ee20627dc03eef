import type { GraphError } from './graph-error';

/** Which statements a fault applies to: a pattern, or a predicate on the statement text. */
export type StatementMatcher = RegExp | ((statement: string) => boolean);

export function matches(matcher: StatementMatcher, statement: string): boolean {
  return typeof matcher === 'function' ? matcher(statement) : matcher.test(statement);
}

export interface Fault {
  matches: StatementMatcher;
  /** hang: never answered (until released); delay: answered late; fail: answered with `error`. */
  kind: 'hang' | 'delay' | 'fail';
  delayMs?: number;
  /** For hangs: run the statement anyway (graphd did the work, the answer was lost). */
  applyEffects?: boolean;
  error?: GraphError;
  remaining: number;
}

/** The faults one fake graphd applies, first match wins, each for a number of statements. */
export class Faults {
  private readonly list: Fault[] = [];

  add(fault: Fault): void {
    this.list.push(fault);
  }

  clear(): void {
    this.list.splice(0);
  }

  take(statement: string): Fault | undefined {
    const fault = this.list.find((f) => f.remaining > 0 && matches(f.matches, statement));
    if (fault) fault.remaining -= 1;
    return fault;
  }
}
