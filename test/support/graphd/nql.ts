import { type Lexed, type Location, lex, NqlSyntaxError, syntaxMessage, type Token } from './nql-lexer';

/**
 * The slice of nGQL the fake understands, parsed the way graphd's bison grammar treats it:
 * case-insensitive keywords, back-quoted names, unsigned integers only, `;`-chained statements
 * parsed (and later validated) as a whole before any runs. Tokens come from nql-lexer.ts.
 */

export { NqlSyntaxError } from './nql-lexer';

/** What SHOW HOSTS lists (meta ListHostType); ALLOC is plain `SHOW HOSTS`. */
export type HostListType = 'ALLOC' | 'GRAPH' | 'META' | 'STORAGE' | 'AGENT' | 'STORAGE_LISTENER';

export type Statement =
  | { kind: 'use'; space: string }
  | { kind: 'show-spaces' }
  | { kind: 'show-hosts'; type: HostListType }
  | { kind: 'show-jobs' }
  | { kind: 'show-job'; id: number }
  | { kind: 'stop-job'; id: number }
  | { kind: 'recover-job'; ids: number[] | null }
  | { kind: 'submit-job'; type: string; params: string }
  | { kind: 'yield'; value: number }
  | { kind: 'drop-space'; space: string; ifExists: boolean };

export class NqlEmptyError extends Error {}

const RESERVED = new Set(
  'GO AS TO OR AND XOR USE SET FROM WHERE MATCH INSERT YIELD RETURN CREATE DESCRIBE DESC SHOW DELETE UPDATE UPSERT WHEN ORDER ASC LIMIT OFFSET DISTINCT FETCH DROP REMOVE IF NOT EXISTS WITH GRANT REVOKE ON BY IN UNION INTERSECT MINUS NULL TRUE FALSE IS LOOKUP FIND PATH OVER UPTO REVERSELY EDGE VERTEX TAG INDEX LIKE'.split(
    ' ',
  ),
);

class Cursor {
  private index = 0;

  constructor(private readonly lexed: Lexed) {}

  peek(): Token | undefined {
    return this.lexed.tokens[this.index];
  }

  next(): Token | undefined {
    const token = this.peek();
    this.index += 1;
    return token;
  }

  done(): boolean {
    return this.index >= this.lexed.tokens.length;
  }

  /** bison reports the offending token's location; at the end, the scanner's last one. */
  fail(token = this.peek()): never {
    const loc: Location = token?.loc ?? this.lexed.end;
    throw new NqlSyntaxError(syntaxMessage(this.lexed.bytes, loc));
  }

  keyword(...words: string[]): boolean {
    const token = this.peek();
    if (token?.kind === 'word' && words.includes(token.text.toUpperCase())) {
      this.index += 1;
      return true;
    }
    return false;
  }

  expect(...words: string[]): string {
    const token = this.peek();
    if (!this.keyword(...words)) this.fail(token);
    return (token as Token).text.toUpperCase();
  }

  integer(): number {
    const token = this.next();
    if (token?.kind !== 'int') return this.fail(token);
    const text = token.text;
    const big = BigInt(/^0[0-7]/.test(text) ? `0o${text.slice(1)}` : text);
    // metad reads ids with atoi into an int32.
    return Number(BigInt.asIntN(32, big));
  }

  /** name_label: a label (back-quoted or not) or an unreserved keyword. */
  name(): string {
    const token = this.next();
    if (!token) return this.fail(token);
    if (token.kind === 'label') return token.value;
    if (token.kind !== 'word' || RESERVED.has(token.text.toUpperCase())) this.fail(token);
    return token.text;
  }
}

const SUBMIT_TYPES: Record<string, string> = { COMPACT: 'COMPACT', FLUSH: 'FLUSH', STATS: 'STATS', INGEST: 'INGEST' };

function parseBalance(cursor: Cursor, source: string): Statement {
  const what = cursor.expect('LEADER', 'DATA');
  if (what === 'LEADER') return { kind: 'submit-job', type: 'LEADER_BALANCE', params: '' };
  const start = cursor.peek();
  if (cursor.keyword('REMOVE')) {
    while (!cursor.done() && cursor.peek()?.text !== ';') cursor.next();
  }
  const bytes = Buffer.from(source, 'utf8');
  const params = start ? bytes.subarray(start.offset).toString('utf8').split(';')[0].trim() : '';
  return { kind: 'submit-job', type: 'ZONE_BALANCE', params };
}

function parseShow(cursor: Cursor): Statement {
  if (cursor.keyword('SPACES')) return { kind: 'show-spaces' };
  if (cursor.keyword('JOBS')) return { kind: 'show-jobs' };
  if (cursor.keyword('HOSTS')) {
    if (cursor.keyword('GRAPH')) return { kind: 'show-hosts', type: 'GRAPH' };
    if (cursor.keyword('META')) return { kind: 'show-hosts', type: 'META' };
    if (cursor.keyword('AGENT')) return { kind: 'show-hosts', type: 'AGENT' };
    if (cursor.keyword('STORAGE')) return { kind: 'show-hosts', type: cursor.keyword('LISTENER') ? 'STORAGE_LISTENER' : 'STORAGE' };
    return { kind: 'show-hosts', type: 'ALLOC' };
  }
  cursor.expect('JOB');
  return { kind: 'show-job', id: cursor.integer() };
}

function parseRecover(cursor: Cursor): Statement {
  cursor.expect('JOB');
  if (cursor.peek()?.kind !== 'int') return { kind: 'recover-job', ids: null };
  const ids = [cursor.integer()];
  // graphd accepts empty slots and a trailing comma: `1,,2,`.
  while (cursor.peek()?.text === ',') {
    cursor.next();
    if (cursor.peek()?.kind === 'int') ids.push(cursor.integer());
  }
  return { kind: 'recover-job', ids };
}

function parseOne(cursor: Cursor, source: string): Statement {
  const head = cursor.next();
  if (head?.kind !== 'word') return cursor.fail(head);
  switch (head.text.toUpperCase()) {
    case 'USE':
      return { kind: 'use', space: cursor.name() };
    case 'SHOW':
      return parseShow(cursor);
    case 'STOP':
      cursor.expect('JOB');
      return { kind: 'stop-job', id: cursor.integer() };
    case 'RECOVER':
      return parseRecover(cursor);
    case 'SUBMIT': {
      cursor.expect('JOB');
      const type = cursor.expect('COMPACT', 'FLUSH', 'STATS', 'INGEST', 'BALANCE');
      return type === 'BALANCE' ? parseBalance(cursor, source) : { kind: 'submit-job', type: SUBMIT_TYPES[type], params: '' };
    }
    case 'BALANCE':
      return parseBalance(cursor, source);
    case 'YIELD':
      return { kind: 'yield', value: cursor.integer() };
    case 'DROP': {
      cursor.expect('SPACE');
      const ifExists = cursor.keyword('IF');
      if (ifExists) cursor.expect('EXISTS');
      return { kind: 'drop-space', space: cursor.name(), ifExists };
    }
    default:
      return cursor.fail(head);
  }
}

/** Parses a whole `;`-chain; any syntax error fails all of it, so nothing runs. */
export function parseChain(source: string): Statement[] {
  const cursor = new Cursor(lex(source));
  const statements: Statement[] = [];
  while (!cursor.done()) {
    if (cursor.peek()?.text === ';') {
      cursor.next();
      continue;
    }
    statements.push(parseOne(cursor, source));
    if (!cursor.done() && cursor.peek()?.text !== ';') cursor.fail();
  }
  if (statements.length === 0) throw new NqlEmptyError('StatementEmpty: ');
  return statements;
}
