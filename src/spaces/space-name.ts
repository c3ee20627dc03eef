import { invalidInput } from '../jobs/jobs-error';

/** graphd takes almost any text as a space name inside back-quotes: no line breaks, at most 4,096 bytes. */
export const MAX_SPACE_NAME_BYTES = 4096;

const utf8 = new TextEncoder();

/**
 * A text that could name a graph space. Any such text is safe to quote in nGQL (statements.ts
 * escapes it); typed names are also resolved against SHOW SPACES before a job statement is
 * built, so only names graphd listed reach it.
 */
export function isSpaceName(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && !/[\r\n\u0000]/.test(value) && utf8.encode(value).length <= MAX_SPACE_NAME_BYTES;
}

/** Shows a name people typed inside a message without letting it break out of the code span. */
export function shownName(text: string, max = 40): string {
  const chars = [...text.replace(/[\u0000-\u001f`]/g, '?')];
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : chars.join('');
}

export function parseSpaceName(text: string): string {
  if (!isSpaceName(text)) {
    throw invalidInput(`\`${shownName(text)}\` cannot be a graph space name.`, 'A space name has no line breaks and at most 4,096 bytes. `spaces` lists the ones the bot can see.');
  }
  return text;
}
