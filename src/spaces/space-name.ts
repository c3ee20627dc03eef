import { invalidInput } from '../jobs/jobs-error';

/**
 * Space names we accept from people. NebulaGraph allows more inside back-quotes, but nothing an
 * operator names a space with needs punctuation beyond `_` and `-`; refusing the rest keeps
 * `;`, quotes, back-quotes, dots and control characters away from nGQL altogether.
 */
const SPACE_NAME = /^[\p{L}\p{N}_][\p{L}\p{N}_-]{0,127}$/u;

export function isSpaceName(value: unknown): value is string {
  return typeof value === 'string' && SPACE_NAME.test(value);
}

export function parseSpaceName(text: string): string {
  if (!isSpaceName(text)) {
    const shown = [...text].slice(0, 40).join('').replace(/[\u0000-\u001f`]/g, '?');
    throw invalidInput(
      `\`${shown}${[...text].length > 40 ? '…' : ''}\` is not a valid graph space name.`,
      'Space names use letters, digits, `_` and `-` (at most 128). `spaces` lists the ones the bot can see.',
    );
  }
  return text;
}
