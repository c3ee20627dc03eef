import { replaceShortcodes } from './emoji';

/**
 * Slack's mrkdwn to safe HTML: *bold*, _italic_, ~strike~, `code`, ```pre```, > quotes,
 * <@U…> / <#C…> / <!subteam^S…> as names, <!here>, <!date^…> for the viewer's clock (the page
 * fills it in), <url|links>, &amp; &lt; &gt; and emoji shortcodes. Everything else is text: all
 * output is escaped, and only http(s) and mailto links are made.
 */

export interface Names {
  user(id: string): string | undefined;
  channel(id: string): string | undefined;
  userGroup(id: string): string | undefined;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Slack escapes only &, < and > in message text. */
export function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt);/g, (_whole, name: string) => ({ amp: '&', lt: '<', gt: '>' })[name] as string);
}

/** Text as Slack shows it literally (code, labels): entities decoded, HTML escaped. */
function literal(text: string): string {
  return escapeHtml(decodeEntities(text));
}

const SAFE_LINK = /^(https?:\/\/|mailto:)/i;

function splitLabel(inside: string): [string, string | undefined] {
  const bar = inside.indexOf('|');
  return bar === -1 ? [inside, undefined] : [inside.slice(0, bar), inside.slice(bar + 1)];
}

/** One `<…>` construct: a mention, a channel, a special, a date or a link. */
export function angleToken(inside: string, names: Names): string {
  const [target, label] = splitLabel(inside);
  if (target.startsWith('@')) {
    const id = target.slice(1);
    return `<span class="mk-mention">@${literal(names.user(id) ?? label ?? id)}</span>`;
  }
  if (target.startsWith('#')) {
    const id = target.slice(1);
    return `<span class="mk-channel">#${literal(names.channel(id) ?? label ?? id)}</span>`;
  }
  if (target.startsWith('!')) return special(target.slice(1), label, names);
  if (SAFE_LINK.test(target)) {
    return `<a class="mk-link" href="${escapeHtml(decodeEntities(target))}" target="_blank" rel="noopener noreferrer">${literal(label ?? target)}</a>`;
  }
  return literal(label ?? target);
}

function special(command: string, label: string | undefined, names: Names): string {
  const [kind, ...rest] = command.split('^');
  if (kind === 'here' || kind === 'channel' || kind === 'everyone') return `<span class="mk-mention">@${kind}</span>`;
  if (kind === 'subteam' && rest[0]) {
    return `<span class="mk-mention">@${literal(names.userGroup(rest[0]) ?? label?.replace(/^@/, '') ?? rest[0])}</span>`;
  }
  if (kind === 'date' && /^\d+$/.test(rest[0] ?? '')) {
    const [seconds, format = '{date_short_pretty} {time}'] = rest;
    const fallback = label ?? new Date(Number(seconds) * 1000).toISOString();
    return `<time class="mk-date" data-ts="${escapeHtml(seconds)}" data-format="${escapeHtml(decodeEntities(format))}" title="${literal(fallback)}">${literal(fallback)}</time>`;
  }
  return literal(label ?? command);
}

// Markers open after a start, space or punctuation and close before an end, space or punctuation;
// \u0001 and \u0002 delimit placeholders of links and mentions.
const BEFORE = '(^|[\\s(\\[{"\'.,;:!?/\\u0001\\u0002-]|&#39;|&quot;|>)';
const AFTER = '(?=$|[\\s)\\]}"\'.,;:!?/\\u0001\\u0002-]|&#39;|&quot;|<)';

function style(html: string, marker: string, tag: string): string {
  const m = `\\${marker}`;
  const pattern = new RegExp(`${BEFORE}${m}(?![\\s${m}])([^${m}\\n]*?[^\\s${m}])${m}${AFTER}`, 'g');
  return html.replace(pattern, (_whole, before: string, inner: string) => `${before}<${tag}>${inner}</${tag}>`);
}

/** Plain text with formatting, emoji and `<…>` constructs. */
function formatted(text: string, names: Names): string {
  const tokens: string[] = [];
  const withPlaceholders = text.replace(/<([^<>\n]+)>/g, (_whole, inside: string) => {
    tokens.push(angleToken(inside, names));
    return `\u0001${tokens.length - 1}\u0002`;
  });
  let html = replaceShortcodes(literal(withPlaceholders));
  html = style(html, '*', 'strong');
  html = style(html, '_', 'em');
  html = style(html, '~', 'del');
  return html.replace(/\u0001(\d+)\u0002/g, (_whole, index: string) => tokens[Number(index)]);
}

/** Code keeps its text as typed, but mentions and links inside still read as names. */
function codeText(text: string, names: Names): string {
  const tokens: string[] = [];
  const withPlaceholders = text.replace(/<([^<>\n]+)>/g, (_whole, inside: string) => {
    tokens.push(angleToken(inside, names));
    return `\u0001${tokens.length - 1}\u0002`;
  });
  return literal(withPlaceholders).replace(/\u0001(\d+)\u0002/g, (_whole, index: string) => tokens[Number(index)]);
}

function lines(html: string): string {
  // Quotes: a line starting with "> " (escaped by Slack as &gt;).
  return html
    .split('\n')
    .map((line) => (line.startsWith('&gt; ') || line === '&gt;' ? `<span class="mk-quote">${line.replace(/^&gt; ?/, '')}</span>` : line))
    .join('<br>');
}

function inline(text: string, names: Names): string {
  const parts = text.split(/(`[^`\n]+`)/g);
  const html = parts
    .map((part) => (part.length > 2 && part.startsWith('`') && part.endsWith('`') ? `<code class="mk-code">${codeText(part.slice(1, -1), names)}</code>` : formatted(part, names)))
    .join('');
  return lines(html);
}

export function mrkdwnToHtml(text: string, names: Names): string {
  const parts = text.split(/(```[\s\S]*?```)/g);
  return parts
    .map((part) => {
      if (part.length >= 6 && part.startsWith('```') && part.endsWith('```')) {
        return `<pre class="mk-pre">${codeText(part.slice(3, -3).replace(/^\n/, ''), names)}</pre>`;
      }
      return inline(part, names);
    })
    .join('');
}

/** plain_text objects: no formatting, but emoji shortcodes when `emoji` is not false. */
export function plainToHtml(text: string, emoji = true): string {
  const html = escapeHtml(text);
  return (emoji ? replaceShortcodes(html) : html).replace(/\n/g, '<br>');
}
