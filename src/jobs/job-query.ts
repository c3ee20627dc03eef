import type { JobStatus } from './job';

/** Quick picks of the Dashboard's time-range filter; `7d` is the default window. */
export const QUICK_RANGES = ['12h', '1d', '3d', '7d'] as const;
export const DEFAULT_RANGE = '7d';

/**
 * What a person asked to see. Kept as typed (relative ranges stay relative) so a Refresh
 * click re-evaluates "the last 3 days" against the current time.
 */
export interface JobQuery {
  /** Empty = every status. */
  statuses: JobStatus[];
  /** A relative range like `12h`/`3d`, or an ISO date-time. */
  since: string;
  /** An ISO date-time; absent = up to now. */
  until?: string;
  jobId?: number;
  /** Case-insensitive substring of the job's command. */
  command?: string;
}

export function defaultQuery(): JobQuery {
  return { statuses: [], since: DEFAULT_RANGE };
}

const RELATIVE = /^([1-9][0-9]{0,3})([mhdw])$/;
const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Milliseconds of a relative range (`90m`, `12h`, `3d`, `1w`), or null if it is not one. */
export function relativeRangeMs(text: string): number | null {
  const match = RELATIVE.exec(text);
  return match ? Number(match[1]) * UNIT_MS[match[2]] : null;
}

/** ISO 8601 date or date-time; a value without a zone is read as UTC, as graphd stores times. */
export function parseInstant(text: string): Date | null {
  const iso = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)?(Z|[+-]\d{2}:?\d{2})?$/;
  const match = iso.exec(text);
  if (!match) return null;
  const normalised = text.replace(' ', 'T');
  const withZone = match[1] ? normalised : `${normalised.length === 10 ? `${normalised}T00:00:00` : normalised}Z`;
  const date = new Date(withZone);
  return Number.isNaN(date.getTime()) ? null : date;
}

export interface TimeWindow {
  from: Date;
  to: Date | null;
}

export function resolveWindow(query: JobQuery, now: Date): TimeWindow {
  const relative = relativeRangeMs(query.since);
  const from = relative !== null ? new Date(now.getTime() - relative) : (parseInstant(query.since) ?? now);
  const to = query.until ? parseInstant(query.until) : null;
  return { from, to };
}
