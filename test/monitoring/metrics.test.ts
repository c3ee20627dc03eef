import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BotMetrics } from '../../src/monitoring/metrics';
import { openDatabase } from '../../src/store/database';
import { MetricsRepository } from '../../src/store/metrics-repository';
import { PollerRepository } from '../../src/store/poller-repository';
import { SubscriptionRepository } from '../../src/store/subscription-repository';
import { Scrape } from '../support/prometheus-text';

describe('BotMetrics', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'nebula-jobs-metrics-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('still answers when the database cannot be read, counting the reads that failed', async () => {
    // Two connections to one file: the poller's still reads, the one behind the gauges is gone.
    const db = openDatabase(join(dir, 'bot.db'));
    const lost = openDatabase(join(dir, 'bot.db'));
    new SubscriptionRepository(db).subscribe('C1', { cluster: 'default', space: 'nba' }, ['FAILED'], 'U1', new Date());
    const poller = new PollerRepository(db);
    const metrics = new BotMetrics({ spaceLabels: false });
    metrics.readAt({
      store: new MetricsRepository(lost),
      watchedSpaces: () => poller.watchedSpaces(),
      polling: () => true,
      lastPollOf: () => undefined,
      pause: () => null,
      clusters: () => [],
      slackConnected: () => true,
      now: () => new Date(),
    });
    lost.close();
    const page = new Scrape((await metrics.page()).body);
    for (const source of ['job_state', 'outbox', 'approvals']) {
      expect(page.value('nebula_jobs_bot_scrape_read_errors_total', { source })).toBe(1);
    }
    expect(page.value('nebula_jobs_bot_poller_active')).toBe(1);
    expect(page.value('nebula_jobs_bot_last_successful_poll_timestamp_seconds', { cluster: 'default' })).toBeGreaterThan(0);
    expect(page.series('nebula_jobs_bot_jobs')).toEqual([]);
    expect(page.series('process_resident_memory_bytes')).toHaveLength(1);

    db.close();
    const worse = new Scrape((await metrics.page()).body);
    expect(worse.value('nebula_jobs_bot_scrape_read_errors_total', { source: 'watched_spaces' })).toBe(2); // the poll and the jobs gauges
    expect(worse.series('nebula_jobs_bot_last_successful_poll_timestamp_seconds')).toEqual([]);
  });
});
