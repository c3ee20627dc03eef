/**
 * graphd's scanner (src/parser/scanner.lex, v3.8.0) for the slice of nGQL the fake understands,
 * with its bison locations, so syntax errors quote the same text a real graphd quotes.
 *
 * It works on the statement's UTF-8 bytes (held in a latin1 string: one char per byte) because
 * flex matches bytes and bison columns count bytes. Rules that matter for names:
 * - a back-quoted label may hold any bytes but a newline and an unescaped `.`; `\` escapes:
 *   `\ooo` octal byte, `\uXXXX`/`\xXXXX` code point, `\n \t \r \b \f`, and `\` + any other byte
 *   is that byte (so `` \` `` and `\\`); more than 4,096 bytes is an error;
 * - a newline inside quotes, an octal escape above 0xFF or a `\` + decimal digits that is not
 *   octal ends the input there (flex `yyterminate`), so the parser sees the statement end early;
 * - an unterminated quote is `Unterminated string: `.
 */

/** A bison location: 1-based line and column, columns counted in bytes, `end` exclusive. */
export interface Location {
  beginLine: number;
  beginCol: number;
  endLine: number;
  endCol: number;
}

export type TokenKind = 'word' | 'label' | 'int' | 'double' | 'string' | 'punct';

export interface Token {
  kind: TokenKind;
  /** The source text of the token (UTF-8 decoded). */
  text: string;
  /** Label or string: the unescaped value; int: the digits as written. */
  value: string;
  loc: Location;
  /** Byte offset of the token in the statement. */
  offset: number;
}

export interface Lexed {
  tokens: Token[];
  /** Where the parser meets the end of input: the last lexeme, or where the scanner stopped. */
  end: Location;
  /** latin1-held bytes of the statement, for error messages. */
  bytes: string;
}

/** A parse error; the message is graphd's, without the `SyntaxError: ` prefix. */
export class NqlSyntaxError extends Error {}

const MAX_LABEL = 4096;
const MAX_ABS_INTEGER = 2n ** 63n;
const U = '[\\x80-\\x9f\\xa1-\\xbf]';
const chinese = (u3: string): string => `(?:[\\xc3-\\xdf]\\xa0|\\xc2${U}|[\\xc3-\\xdf]${U}|${u3}${U}${U}|[\\xf0-\\xf4]${U}${U}${U})`;
const CHINESE = chinese('[\\xe0-\\xee]');
const CHINESE_FULL_WIDTH = chinese('[\\xe0-\\xef]');
const LABEL = new RegExp(`(?:${CHINESE}|[a-zA-Z])(?:${CHINESE}|[_a-zA-Z0-9])*`, 'y');
const LABEL_FULL_WIDTH = new RegExp(`\`(?:${CHINESE_FULL_WIDTH}|[a-zA-Z])(?:${CHINESE_FULL_WIDTH}|[_a-zA-Z0-9 ])*\``, 'y');
const NUMBER_RULES: Array<[RegExp, 'int' | 'double' | 'ipv4']> = [
  [/(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])(?:\.(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])){3}/y, 'ipv4'],
  [/0[Xx][0-9a-fA-F]+/y, 'int'],
  [/0[0-7]+/y, 'int'],
  [/[0-9]+/y, 'int'],
  [/[0-9]*\.[0-9]+(?:[eE][-+]?[0-9]+)?|[0-9]+\.[0-9]*(?:[eE][-+]?[0-9]+)?|[0-9]+[eE][-+]?[0-9]+/y, 'double'],
];

const decode = (latin1: string): string => Buffer.from(latin1, 'latin1').toString('utf8');

function formatLocation(loc: Location): string {
  const endCol = loc.endCol > 0 ? loc.endCol - 1 : 0;
  const begin = `${loc.beginLine}.${loc.beginCol}`;
  if (loc.beginLine < loc.endLine) return `${begin}-${loc.endLine}.${endCol}`;
  return loc.beginCol < endCol ? `${begin}-${endCol}` : begin;
}

/**
 * GraphParser::error: a token of two bytes or more is quoted whole (at most 80 bytes), a one-byte
 * one as the 8 bytes from it; the column is applied to the whole query, whatever its line.
 */
export function syntaxMessage(bytes: string, loc: Location, message = 'syntax error'): string {
  const begin = loc.beginCol > 0 ? loc.beginCol - 1 : 0;
  if (loc.beginLine < loc.endLine || begin >= bytes.length) return `${message} at ${formatLocation(loc)}`;
  const length = loc.beginCol < (loc.endCol ? loc.endCol - 1 : 0) ? Math.min(loc.endCol - loc.beginCol, 80) : 8;
  return `${message} near \`${decode(bytes.slice(begin, begin + length))}'`;
}

/** The scanner stopped early (yyterminate): the parser sees the end of input here. */
class Terminate extends Error {}

class Scanner {
  private pos = 0;
  private line = 1;
  private col = 1;
  /** Location of the last matched lexeme (bison's yylloc). */
  loc: Location = { beginLine: 1, beginCol: 1, endLine: 1, endCol: 1 };
  readonly tokens: Token[] = [];

  constructor(readonly bytes: string) {}

  /** YY_USER_ACTION: step, then advance the columns by the lexeme's byte length. */
  private lexeme(length: number, newline = false): Location {
    const begin = { line: this.line, col: this.col };
    this.col += length;
    if (newline) {
      this.line += 1;
      this.col = 1;
    }
    this.pos += length;
    this.loc = { beginLine: begin.line, beginCol: begin.col, endLine: this.line, endCol: this.col };
    return this.loc;
  }

  private fail(message: string, loc = this.loc): never {
    throw new NqlSyntaxError(syntaxMessage(this.bytes, loc, message));
  }

  private match(rule: RegExp): string | null {
    rule.lastIndex = this.pos;
    return rule.exec(this.bytes)?.[0] ?? null;
  }

  private push(kind: TokenKind, length: number, value?: string): void {
    const offset = this.pos;
    const text = this.bytes.slice(offset, offset + length);
    const loc = this.lexeme(length);
    this.tokens.push({ kind, text: decode(text), value: value ?? decode(text), loc, offset });
  }

  run(): void {
    const s = this.bytes;
    while (this.pos < s.length) {
      const c = s[this.pos];
      if (c === ' ' || c === '\t' || c === '\r') this.lexeme(1);
      else if (s.startsWith('\xc2\xa0', this.pos)) this.lexeme(2);
      else if (c === '\n') this.lexeme(1, true);
      else if (c === '#' || s.startsWith('//', this.pos)) this.lexeme(this.restOfLine());
      else if (s.startsWith('/*', this.pos)) this.comment();
      else if (c === '`') this.quoted('`');
      else if (c === '"' || c === "'") this.quoted(c);
      else if (!this.number() && !this.word()) this.push('punct', 1);
    }
  }

  private restOfLine(): number {
    const end = this.bytes.indexOf('\n', this.pos);
    return (end === -1 ? this.bytes.length : end) - this.pos;
  }

  private comment(): void {
    this.lexeme(2);
    for (;;) {
      if (this.pos >= this.bytes.length) this.fail('unterminated comment');
      if (this.bytes.startsWith('*/', this.pos)) return void this.lexeme(2);
      const star = this.bytes.indexOf('*', this.pos);
      this.lexeme(star === this.pos ? 1 : (star === -1 ? this.bytes.length : star) - this.pos);
    }
  }

  private number(): boolean {
    // `{DEC}+\.\.` wins by length, then gives the dots back (`1..3` in ranges).
    const range = this.match(/[0-9]+\.\./y);
    let best: { length: number; kind: 'int' | 'double' | 'ipv4' } | null = range ? { length: range.length - 2, kind: 'int' } : null;
    for (const [rule, kind] of range ? [] : NUMBER_RULES) {
      const found = this.match(rule);
      if (found && (!best || found.length > best.length)) best = { length: found.length, kind };
    }
    if (!best) return false;
    const text = this.bytes.slice(this.pos, this.pos + best.length);
    if (best.kind === 'int') {
      const value = BigInt(/^0[0-7]/.test(text) ? `0o${text.slice(1)}` : text);
      const minus = this.tokens[this.tokens.length - 1]?.text === '-';
      if (value > MAX_ABS_INTEGER || (value === MAX_ABS_INTEGER && !minus)) {
        this.lexeme(best.length);
        this.fail('Out of range:');
      }
    }
    this.push(best.kind === 'ipv4' ? 'punct' : best.kind, best.length);
    return true;
  }

  private word(): boolean {
    const found = this.match(LABEL);
    if (!found) return false;
    if (found.length > MAX_LABEL) {
      this.lexeme(found.length);
      this.fail(`Out of range of the LABEL length, the  max length of LABEL is ${MAX_LABEL}:`);
    }
    this.push('word', found.length);
    return true;
  }

  /** `...`, "..." or '...' (flex states LB_STR, DQ_STR, SQ_STR). */
  private quoted(quote: string): void {
    const fullWidth = quote === '`' ? this.match(LABEL_FULL_WIDTH) : null;
    if (fullWidth) {
      const label = fullWidth.slice(1, -1);
      if (label.length > MAX_LABEL) {
        this.lexeme(fullWidth.length);
        this.fail(`Out of range of the LABEL length, the  max length of LABEL is ${MAX_LABEL}:`);
      }
      this.push('label', fullWidth.length, decode(label));
      return;
    }
    const start = this.pos;
    this.lexeme(1);
    let value = '';
    const s = this.bytes;
    for (;;) {
      if (this.pos >= s.length) this.fail('Unterminated string: ');
      const c = s[this.pos];
      if (c === quote) break;
      if (c === '\n') {
        this.lexeme(1);
        throw new Terminate();
      }
      if (c === '.' && quote === '`') {
        this.lexeme(1);
        this.fail("Don't allow DOT in label:");
      }
      if (c === '\\') {
        value += this.escape();
        continue;
      }
      let end = this.pos;
      while (end < s.length && s[end] !== quote && s[end] !== '\n' && s[end] !== '\\' && !(quote === '`' && s[end] === '.')) end += 1;
      value += s.slice(this.pos, end);
      this.lexeme(end - this.pos);
    }
    const closing = this.lexeme(1);
    if (quote === '`' && value.length > MAX_LABEL) this.fail(`Out of range of the LABEL length, the  max length of LABEL is ${MAX_LABEL}:`);
    this.tokens.push({ kind: quote === '`' ? 'label' : 'string', text: decode(s.slice(start, this.pos)), value: decode(value), loc: closing, offset: start });
  }

  /** One backslash escape inside quotes; returns the bytes it stands for. */
  private escape(): string {
    const s = this.bytes;
    const octal = /^\\[0-7]{1,3}/.exec(s.slice(this.pos, this.pos + 4))?.[0] ?? '';
    const decimal = this.match(/\\[0-9]+/y) ?? '';
    if (octal || decimal) {
      if (decimal.length > octal.length) {
        this.lexeme(decimal.length);
        throw new Terminate();
      }
      this.lexeme(octal.length);
      const byte = parseInt(octal.slice(1), 8);
      if (byte > 0xff) throw new Terminate();
      return String.fromCharCode(byte);
    }
    const unicode = this.match(/\\[uUxX][0-9a-fA-F]{4}/y);
    if (unicode) {
      this.lexeme(unicode.length);
      return Buffer.from(String.fromCodePoint(parseInt(unicode.slice(2), 16)), 'utf8').toString('latin1');
    }
    if (this.pos + 1 >= s.length) {
      this.lexeme(1);
      throw new Terminate();
    }
    const next = s[this.pos + 1];
    this.lexeme(2);
    // The scanner is case-insensitive, so `\N` is a newline too.
    return ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' } as Record<string, string>)[next.toLowerCase()] ?? next;
  }
}

/** Scans a whole statement text; throws NqlSyntaxError for scanner errors. */
export function lex(source: string): Lexed {
  const scanner = new Scanner(Buffer.from(source, 'utf8').toString('latin1'));
  try {
    scanner.run();
  } catch (error) {
    if (!(error instanceof Terminate)) throw error;
  }
  return { tokens: scanner.tokens, end: scanner.loc, bytes: scanner.bytes };
}
