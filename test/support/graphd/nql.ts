/**
 * The slice of nGQL the fake understands, parsed the way graphd's scanner and bison grammar
 * treat it (../shared/nebula-graphd-jobs.md §1): case-insensitive keywords, back-quoted names,
 * unsigned integers only, `;`-chained statements validated as a whole before any runs.
 */

export type Statement =
  | { kind: 'use'; space: string }
  | { kind: 'show-spaces' }
  | { kind: 'show-jobs' }
  | { kind: 'show-job'; id: number }
  | { kind: 'stop-job'; id: number }
  | { kind: 'recover-job'; ids: number[] | null }
  | { kind: 'submit-job'; type: string; params: string }
  | { kind: 'yield'; value: number }
  | { kind: 'drop-space'; space: string; ifExists: boolean };

export class NqlSyntaxError extends Error {}
export class NqlEmptyError extends Error {}

interface Token {
  kind: 'word' | 'quoted' | 'int' | 'number' | 'string' | 'punct';
  text: string;
  value: string;
  offset: number;
}

const RESERVED = new Set(
  'GO AS TO OR AND XOR USE SET FROM WHERE MATCH INSERT YIELD RETURN CREATE DESCRIBE DESC SHOW DELETE UPDATE UPSERT WHEN ORDER ASC LIMIT OFFSET DISTINCT FETCH DROP REMOVE IF NOT EXISTS WITH GRANT REVOKE ON BY IN UNION INTERSECT MINUS NULL TRUE FALSE IS LOOKUP FIND PATH OVER UPTO REVERSELY EDGE VERTEX TAG INDEX LIKE'.split(' '),
);

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: Token['kind'], start: number, end: number, value?: string): void => {
    tokens.push({ kind, text: source.slice(start, end), value: value ?? source.slice(start, end), offset: start });
  };
  while (i < source.length) {
    const c = source[i];
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === '#' || source.startsWith('//', i)) {
      while (i < source.length && source[i] !== '\n') i += 1;
    } else if (source.startsWith('/*', i)) {
      const end = source.indexOf('*/', i + 2);
      i = end === -1 ? source.length : end + 2;
    } else if (c === '`') {
      let j = i + 1;
      let value = '';
      while (j < source.length && source[j] !== '`') {
        if (source[j] === '\\' && j + 1 < source.length) j += 1;
        value += source[j];
        j += 1;
      }
      if (j >= source.length) throw new NqlSyntaxError(`syntax error near \`${source.slice(i, i + 8)}'`);
      push('quoted', i, j + 1, value);
      i = j + 1;
    } else if (c === '"' || c === "'") {
      const end = source.indexOf(c, i + 1);
      if (end === -1) throw new NqlSyntaxError(`syntax error near \`${source.slice(i, i + 8)}'`);
      push('string', i, end + 1, source.slice(i + 1, end));
      i = end + 1;
    } else if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(source[i + 1] ?? ''))) {
      const match = /^-?(0[xX][0-9a-fA-F]+|[0-9]+)(\.[0-9]*)?([eE][+-]?[0-9]+)?/.exec(source.slice(i)) as RegExpExecArray;
      const text = match[0];
      push(text.startsWith('-') || match[2] !== undefined || match[3] !== undefined ? 'number' : 'int', i, i + text.length);
      i += text.length;
    } else if (/[A-Za-z_\u0080-\uffff]/.test(c)) {
      const match = /^[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*/.exec(source.slice(i)) as RegExpExecArray;
      push('word', i, i + match[0].length);
      i += match[0].length;
    } else {
      push('punct', i, i + 1);
      i += 1;
    }
  }
  return tokens;
}

class Cursor {
  private index = 0;

  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
  ) {}

  peek(): Token | undefined {
    return this.tokens[this.index];
  }

  next(): Token | undefined {
    const token = this.tokens[this.index];
    this.index += 1;
    return token;
  }

  done(): boolean {
    return this.index >= this.tokens.length;
  }

  /** graphd quotes a multi-byte token whole (max 80), else 8 bytes from it; at the end, the last lexeme. */
  fail(token = this.peek()): never {
    const at = token ?? this.tokens[this.tokens.length - 1];
    if (!at) throw new NqlSyntaxError('syntax error near `\'');
    const near = at.text.length > 1 ? at.text.slice(0, 80) : this.source.slice(at.offset, at.offset + 8);
    throw new NqlSyntaxError(`syntax error near \`${near}'`);
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
    if (!token || token.kind !== 'int') this.fail(token);
    let big: bigint;
    try {
      big = BigInt(token.text.startsWith('0') && token.text.length > 1 && !/^0[xX]/.test(token.text) ? `0o${token.text.slice(1)}` : token.text);
    } catch {
      return this.fail(token);
    }
    if (big >= 2n ** 63n) throw new NqlSyntaxError(`Out of range: near \`${token.text}'`);
    // metad reads ids with atoi into an int32.
    return Number(BigInt.asIntN(32, big));
  }

  name(): string {
    const token = this.next();
    if (!token) this.fail(token);
    if (token.kind === 'quoted') {
      if (token.value.includes('.')) this.fail(token);
      return token.value;
    }
    if (token.kind !== 'word' || RESERVED.has(token.text.toUpperCase())) this.fail(token);
    return token.text;
  }
}

const SUBMIT_TYPES: Record<string, string> = { COMPACT: 'COMPACT', FLUSH: 'FLUSH', STATS: 'STATS', INGEST: 'INGEST' };

function parseBalance(cursor: Cursor, source: string): Statement {
  const what = cursor.expect('LEADER', 'DATA');
  if (what === 'LEADER') return { kind: 'submit-job', type: 'LEADER_BALANCE', params: '' };
  const start = cursor.peek()?.offset ?? source.length;
  if (cursor.keyword('REMOVE')) {
    while (!cursor.done() && cursor.peek()?.text !== ';') cursor.next();
  }
  return { kind: 'submit-job', type: 'ZONE_BALANCE', params: source.slice(start).trim() };
}

function parseOne(cursor: Cursor, source: string): Statement {
  const head = cursor.next();
  if (!head || head.kind !== 'word') cursor.fail(head);
  let statement: Statement;
  switch (head.text.toUpperCase()) {
    case 'USE':
      statement = { kind: 'use', space: cursor.name() };
      break;
    case 'SHOW':
      if (cursor.keyword('SPACES')) statement = { kind: 'show-spaces' };
      else if (cursor.keyword('JOBS')) statement = { kind: 'show-jobs' };
      else {
        cursor.expect('JOB');
        statement = { kind: 'show-job', id: cursor.integer() };
      }
      break;
    case 'STOP':
      cursor.expect('JOB');
      statement = { kind: 'stop-job', id: cursor.integer() };
      break;
    case 'RECOVER': {
      cursor.expect('JOB');
      if (cursor.peek()?.kind !== 'int') {
        statement = { kind: 'recover-job', ids: null };
        break;
      }
      const ids = [cursor.integer()];
      // graphd accepts empty slots and a trailing comma: `1,,2,`.
      while (cursor.peek()?.text === ',') {
        cursor.next();
        if (cursor.peek()?.kind === 'int') ids.push(cursor.integer());
      }
      statement = { kind: 'recover-job', ids };
      break;
    }
    case 'SUBMIT': {
      cursor.expect('JOB');
      const type = cursor.expect('COMPACT', 'FLUSH', 'STATS', 'INGEST', 'BALANCE');
      statement = type === 'BALANCE' ? parseBalance(cursor, source) : { kind: 'submit-job', type: SUBMIT_TYPES[type], params: '' };
      break;
    }
    case 'BALANCE':
      statement = parseBalance(cursor, source);
      break;
    case 'YIELD':
      statement = { kind: 'yield', value: cursor.integer() };
      break;
    case 'DROP': {
      cursor.expect('SPACE');
      const ifExists = cursor.keyword('IF');
      if (ifExists) cursor.expect('EXISTS');
      statement = { kind: 'drop-space', space: cursor.name(), ifExists };
      break;
    }
    default:
      cursor.fail(head);
  }
  return statement;
}

/** Parses a whole `;`-chain; any syntax error fails all of it, so nothing runs. */
export function parseChain(source: string): Statement[] {
  const tokens = tokenize(source);
  const statements: Statement[] = [];
  const cursor = new Cursor(source, tokens);
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
