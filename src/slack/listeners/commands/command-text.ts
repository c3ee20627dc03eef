import { DEFAULT_SUBSCRIPTION_KINDS, SUBSCRIPTION_KINDS, type SubscriptionKind } from '../../../alerts/subscriptions';
import { isJobStatus, type JobStatus } from '../../../jobs/job';
import { parseJobId } from '../../../jobs/job-id';
import { defaultQuery, type JobQuery, parseInstant, relativeRangeMs } from '../../../jobs/job-query';
import { invalidInput } from '../../../jobs/jobs-error';
import { parseSpaceName } from '../../../spaces/space-name';

/** What the text after the slash command asks for. */
export type SlashCommand =
  | { kind: 'help' }
  | { kind: 'clusters' }
  | { kind: 'spaces'; cluster?: string }
  | { kind: 'use'; space?: string }
  | { kind: 'list'; space?: string; query: JobQuery; share: boolean }
  | { kind: 'show'; jobId: number; space?: string }
  | { kind: 'stop' | 'recover'; jobId: number; space?: string }
  | { kind: 'whoami' }
  | { kind: 'audit'; space?: string; since?: string }
  | { kind: 'subscribe'; space: string; statuses: SubscriptionKind[] }
  | { kind: 'unsubscribe' | 'unmute'; space: string }
  | { kind: 'subscriptions' }
  | { kind: 'mute'; space: string; durationMs: number }
  // Following jobs
  | { kind: 'watch' | 'unwatch'; jobId: number; space?: string }
  | { kind: 'watches' };

const MAX_TEXT = 1000;
const MAX_COMMAND_FILTER = 32;

interface Tokens {
  words: string[];
  options: Map<string, string>;
}

/** Slack escapes &, < and > in command text. */
function decodeEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function shown(text: string): string {
  const chars = [...text.replace(/[\u0000-\u001f`]/g, '?')];
  return chars.length > 40 ? `${chars.slice(0, 40).join('')}…` : chars.join('');
}

/** Splits on white space; "double quotes" (straight or curly) keep spaces inside one value. */
function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const pattern = /(?:[^\s"“”]+|["“][^"“”]*["”])+|["“”]/gu;
  for (const match of text.matchAll(pattern)) {
    if (/^["“”]$/.test(match[0])) throw invalidInput('A quote is not closed.', 'Write values with spaces as `command="balance data"`.');
    tokens.push(match[0].replace(/["“”]/g, ''));
  }
  return tokens;
}

function split(tokens: string[], allowed: readonly string[], usage: string): Tokens {
  const words: string[] = [];
  const options = new Map<string, string>();
  for (const token of tokens) {
    const eq = token.indexOf('=');
    if (eq <= 0) {
      words.push(token);
      continue;
    }
    const key = token.slice(0, eq).toLowerCase();
    if (!allowed.includes(key)) {
      throw invalidInput(`Unknown option \`${shown(key)}\`.`, usage);
    }
    if (options.has(key)) throw invalidInput(`Option \`${key}\` is given twice.`, usage);
    options.set(key, token.slice(eq + 1));
  }
  return { words, options };
}

export function parseStatuses(text: string): JobStatus[] {
  const statuses = new Set<JobStatus>();
  for (const part of text.split(',')) {
    const upper = part.trim().toUpperCase();
    // The Dashboard offers SUCCEEDED; for a job that is FINISHED (balance tasks say SUCCEEDED).
    const status = upper === 'SUCCEEDED' ? 'FINISHED' : upper;
    if (!isJobStatus(status)) {
      throw invalidInput(
        `\`${shown(part)}\` is not a job status.`,
        'Use QUEUE, RUNNING, FINISHED (or SUCCEEDED), FAILED or STOPPED; several with commas: `status=failed,stopped`.',
      );
    }
    statuses.add(status);
  }
  return [...statuses];
}

function parseSince(text: string): string {
  if (relativeRangeMs(text.toLowerCase()) !== null) return text.toLowerCase();
  const instant = parseInstant(text);
  if (!instant) {
    throw invalidInput(`\`${shown(text)}\` is not a time range.`, 'Use `since=12h`, `1d`, `3d`, `7d` (any number of m, h, d or w), or a date-time like `since=2024-05-31T10:00Z`.');
  }
  return canonicalInstant(instant);
}

function parseUntil(text: string): string {
  const instant = parseInstant(text);
  if (!instant) throw invalidInput(`\`${shown(text)}\` is not a date-time.`, 'Use an ISO date-time like `until=2024-05-31T18:00Z` (UTC unless a zone is given).');
  return canonicalInstant(instant);
}

/** Second precision in UTC: short enough to carry in a button, exact enough for job times. */
function canonicalInstant(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

function parseCommandFilter(text: string): string {
  if (!/^[A-Za-z0-9_ -]{1,32}$/.test(text)) {
    throw invalidInput(
      `\`${shown(text)}\` is not a job command to search for.`,
      `Use part of a command name (letters, digits, _ ; at most ${MAX_COMMAND_FILTER}), e.g. \`command=compact\` or \`command=balance\`.`,
    );
  }
  return text.trim().replace(/[ -]+/g, '_');
}

function optionalSpace(words: string[], usage: string): string | undefined {
  if (words.length > 1) throw invalidInput(`Unexpected \`${shown(words[1])}\`.`, usage);
  return words[0] === undefined ? undefined : parseSpaceName(words[0]);
}

function parseList(args: string[], command: string): SlashCommand {
  const usage = `Usage: \`${command} list [space] [status=failed,stopped] [since=12h|1d|3d|7d|<date-time>] [until=<date-time>] [id=N] [command=TEXT] [share]\``;
  const { words, options } = split(args, ['status', 'since', 'until', 'id', 'command'], usage);
  const share = words.some((word) => word.toLowerCase() === 'share');
  const query = defaultQuery();
  if (options.has('status')) query.statuses = parseStatuses(options.get('status') ?? '');
  if (options.has('since')) query.since = parseSince(options.get('since') ?? '');
  if (options.has('until')) query.until = parseUntil(options.get('until') ?? '');
  if (options.has('id')) query.jobId = parseJobId(options.get('id') ?? '');
  if (options.has('command')) query.command = parseCommandFilter(options.get('command') ?? '');
  if (query.until && relativeRangeMs(query.since) === null && query.since > query.until) {
    throw invalidInput('`since` is after `until`.', 'Give a window whose start comes before its end.');
  }
  const space = optionalSpace(
    words.filter((word) => word.toLowerCase() !== 'share'),
    usage,
  );
  return { kind: 'list', space, query, share };
}

function parseJobCommand(kind: 'show' | 'stop' | 'recover' | 'watch' | 'unwatch', args: string[], command: string): SlashCommand {
  const usage = `Usage: \`${command} ${kind} <job id> [space]\`, e.g. \`${command} ${kind} 42\``;
  const { words } = split(args, [], usage);
  if (words.length === 0) throw invalidInput(`Which job? \`${kind}\` needs a job id.`, usage);
  return { kind, jobId: parseJobId(words[0]), space: optionalSpace(words.slice(1), usage) };
}

function parseAudit(args: string[], command: string): SlashCommand {
  const usage = `Usage: \`${command} audit [space] [since=1d|<date-time>]\``;
  const { words, options } = split(args, ['since'], usage);
  const since = options.has('since') ? parseSince(options.get('since') ?? '') : undefined;
  return { kind: 'audit', space: optionalSpace(words, usage), ...(since ? { since } : {}) };
}

function parseUse(args: string[], command: string): SlashCommand {
  const usage = `Usage: \`${command} use <space>\` sets this channel's default space; \`${command} use\` shows it.`;
  const { words } = split(args, [], usage);
  return { kind: 'use', space: optionalSpace(words, usage) };
}

function requiredSpace(kind: string, words: string[], usage: string): string {
  if (words.length === 0) throw invalidInput(`Which space? \`${kind}\` needs a graph space name.`, usage);
  return parseSpaceName(words[0]);
}

/** What a subscription hears: failed, stopped, stuck, finished (or succeeded), with commas. */
function parseSubscriptionKinds(text: string): SubscriptionKind[] {
  const kinds = new Set<SubscriptionKind>();
  for (const part of text.split(',')) {
    const upper = part.trim().toUpperCase();
    const kind = upper === 'SUCCEEDED' ? 'FINISHED' : upper;
    if (!(SUBSCRIPTION_KINDS as readonly string[]).includes(kind)) {
      throw invalidInput(
        `\`${shown(part)}\` is not something to be alerted about.`,
        'Use failed, stopped, stuck or finished, several with commas: `status=failed,stopped,stuck` (the default) or `status=failed,stopped,stuck,finished` for every end.',
      );
    }
    kinds.add(kind as SubscriptionKind);
  }
  return SUBSCRIPTION_KINDS.filter((kind) => kinds.has(kind));
}

function parseSubscribe(args: string[], command: string): SlashCommand {
  const usage = `Usage: \`${command} subscribe <space> [status=failed,stopped,stuck,finished]\`: alerts in this channel when jobs of the space fail, are stopped or look stuck (the default), and with \`finished\` a short notice when one finishes.`;
  const { words, options } = split(args, ['status'], usage);
  const space = requiredSpace('subscribe', words, usage);
  if (words.length > 1) throw invalidInput(`Unexpected \`${shown(words[1])}\`.`, usage);
  const statuses = options.has('status') ? parseSubscriptionKinds(options.get('status') ?? '') : [...DEFAULT_SUBSCRIPTION_KINDS];
  return { kind: 'subscribe', space, statuses };
}

function parseSpaceOnly(kind: 'unsubscribe' | 'unmute', args: string[], command: string): SlashCommand {
  const usage = `Usage: \`${command} ${kind} <space>\``;
  const { words } = split(args, [], usage);
  const space = requiredSpace(kind, words, usage);
  if (words.length > 1) throw invalidInput(`Unexpected \`${shown(words[1])}\`.`, usage);
  return { kind, space };
}

const MAX_MUTE_MS = 30 * 86_400_000;

function parseMute(args: string[], command: string): SlashCommand {
  const usage = `Usage: \`${command} mute <space> <duration>\`, e.g. \`${command} mute nba 2h\` (m, h, d or w; at most 30d).`;
  const { words } = split(args, [], usage);
  const space = requiredSpace('mute', words, usage);
  const durationMs = words[1] === undefined ? null : relativeRangeMs(words[1].toLowerCase());
  if (durationMs === null || durationMs > MAX_MUTE_MS || words.length > 2) {
    throw invalidInput(words[1] === undefined ? 'For how long? `mute` needs a duration.' : `\`${shown(words[1])}\` is not a duration.`, usage);
  }
  return { kind: 'mute', space, durationMs };
}

function parseSpaces(args: string[], command: string): SlashCommand {
  const usage = `Usage: \`${command} spaces [cluster]\``;
  const { words } = split(args, [], usage);
  if (words.length > 1) throw invalidInput(`Unexpected \`${shown(words[1])}\`.`, usage);
  return words[0] === undefined ? { kind: 'spaces' } : { kind: 'spaces', cluster: words[0] };
}

function noArguments(kind: 'help' | 'clusters' | 'whoami' | 'subscriptions' | 'watches', args: string[], command: string): SlashCommand {
  if (args.length > 0) throw invalidInput(`\`${kind}\` takes no arguments.`, `Try \`${command} ${kind}\`.`);
  return { kind };
}

/** Parses the text after the slash command; bad input throws a JobsError saying what would work. */
export function parseCommandText(rawText: string, command: string): SlashCommand {
  if (rawText.length > MAX_TEXT) {
    throw invalidInput(`That command is too long (${rawText.length} characters).`, `Try \`${command} help\`.`);
  }
  const [name, ...args] = tokenize(decodeEntities(rawText).trim());
  switch ((name ?? 'help').toLowerCase()) {
    case 'help':
      return noArguments('help', args, command);
    case 'spaces':
      return parseSpaces(args, command);
    case 'clusters':
      return noArguments('clusters', args, command);
    case 'use':
      return parseUse(args, command);
    case 'list':
      return parseList(args, command);
    case 'show':
    case 'stop':
    case 'recover':
      return parseJobCommand(name.toLowerCase() as 'show' | 'stop' | 'recover', args, command);
    case 'whoami':
      return noArguments('whoami', args, command);
    case 'audit':
      return parseAudit(args, command);
    case 'subscribe':
      return parseSubscribe(args, command);
    case 'unsubscribe':
    case 'unmute':
      return parseSpaceOnly(name.toLowerCase() as 'unsubscribe' | 'unmute', args, command);
    case 'subscriptions':
      return noArguments('subscriptions', args, command);
    case 'mute':
      return parseMute(args, command);
    case 'watch':
    case 'unwatch':
      return parseJobCommand(name.toLowerCase() as 'watch' | 'unwatch', args, command);
    case 'watches':
      return noArguments('watches', args, command);
    default:
      throw invalidInput(`Unknown command \`${shown(name ?? '')}\`.`, `Try \`${command} help\` to see what the bot can do.`);
  }
}
