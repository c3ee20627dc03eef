import type { SpaceRef } from '../spaces/space-ref';

/** Every metric the bot exports starts with this. */
export const PREFIX = 'nebula_jobs_bot_';

/**
 * How a space shows in labels. /metrics is unauthenticated and space names can be confidential,
 * so by default series carry only `cluster` (values summed, or the oldest taken, over its
 * spaces); METRICS_SPACE_LABELS=true adds `space` (one series per watched space).
 */
export class SpaceLabels {
  readonly names: readonly string[];

  constructor(readonly withSpace: boolean) {
    this.names = withSpace ? ['cluster', 'space'] : ['cluster'];
  }

  of(ref: SpaceRef): Record<string, string> {
    return this.withSpace ? { cluster: ref.cluster, space: ref.space } : { cluster: ref.cluster };
  }
}

/**
 * Label values that come from outside (Slack's method names and error strings): plain tokens
 * only, and at most `limit` distinct ones; anything else is `other`, so odd or hostile answers
 * cannot grow the number of series without bound.
 */
export class BoundedValues {
  private readonly seen = new Set<string>();

  constructor(
    private readonly limit: number,
    private readonly pattern = /^[A-Za-z0-9_.-]{1,64}$/,
  ) {}

  value(raw: string): string {
    if (this.seen.has(raw)) return raw;
    if (!this.pattern.test(raw) || this.seen.size >= this.limit) return 'other';
    this.seen.add(raw);
    return raw;
  }
}

/** Series keyed by their labels, for values combined over several spaces before they are set. */
export function labelKey(labels: Record<string, string>): string {
  return JSON.stringify(labels);
}
