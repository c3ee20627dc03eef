import { Counter, type Registry } from 'prom-client';
import { PREFIX } from './metric-labels';

/**
 * Reads made while scraping (the database, mostly) that failed. A failed read leaves its gauge
 * empty for that scrape and is counted, so /metrics still answers when the database does not:
 * exactly when its other figures matter.
 */
export class ScrapeErrors {
  private readonly errors = new Counter<'source'>({
    name: `${PREFIX}scrape_read_errors_total`,
    help: 'Reads made for a scrape that failed (the gauge they feed was left out of that scrape), by source.',
    labelNames: ['source'],
    registers: [],
  });

  /** Registered after the gauges: a scrape runs them in order, so this scrape's failures show in it. */
  register(registry: Registry): void {
    registry.registerMetric(this.errors);
  }

  read<T>(source: string, query: () => T): T | null {
    try {
      return query();
    } catch {
      this.errors.inc({ source });
      return null;
    }
  }
}
