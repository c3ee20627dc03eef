import type { JobListing } from '../jobs/list-jobs';

/**
 * When an auto-refreshing list is redrawn, and when it stops (the Dashboard's "update
 * frequency", bounded in time). A message only its reader sees can be redrawn only through a
 * response_url, which Slack honours a few times (5 uses in 30 minutes): such a list is redrawn
 * only when what it shows changed, and its last use is kept for saying that it stopped.
 */

/** The select's value that turns auto-refresh off. */
export const AUTO_REFRESH_OFF = 'off';
/** The intervals offered, by the select's values. */
export const AUTO_REFRESH_CHOICES: Readonly<Record<string, number>> = { '10s': 10_000, '30s': 30_000, '1m': 60_000, '5m': 300_000 };
/** How long a list refreshes itself. */
export const AUTO_REFRESH_MS = 30 * 60_000;

export type RefreshStep =
  | { kind: 'skip' }
  | { kind: 'redraw' }
  /** Stop refreshing; `draw`: say so on the message (false when no use is left to say it with). */
  | { kind: 'end'; reason: 'time' | 'uses'; draw: boolean };

export interface RefreshInput {
  now: Date;
  until: Date;
  /** Whether the list now differs from what the message shows. */
  changed: boolean;
  surface: 'message' | 'response-url';
  usesLeft: number;
}

export function planRefresh(input: RefreshInput): RefreshStep {
  const limited = input.surface === 'response-url';
  if (input.now.getTime() >= input.until.getTime()) return { kind: 'end', reason: 'time', draw: !limited || input.usesLeft > 0 };
  if (!limited) return { kind: 'redraw' };
  if (input.usesLeft <= 0) return { kind: 'end', reason: 'uses', draw: false };
  if (!input.changed) return { kind: 'skip' };
  // The last use shows the change and says that the refreshing stopped.
  return input.usesLeft > 1 ? { kind: 'redraw' } : { kind: 'end', reason: 'uses', draw: true };
}

/** What a list page shows that is worth a redraw when it changes (not the durations that grow by themselves). */
export function listingFingerprint(listing: JobListing): string {
  const jobs = listing.page.items.map((job) => `${job.id}:${job.status}:${job.startTime?.getTime() ?? ''}:${job.stopTime?.getTime() ?? ''}`);
  return `${listing.page.index}/${listing.page.count}|${listing.page.total}/${listing.unfiltered}|${jobs.join(',')}`;
}
