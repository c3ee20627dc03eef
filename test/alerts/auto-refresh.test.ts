import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AutoRefreshStart, autoRefreshChoice, type ClickedList, startAutoRefresh, stopAutoRefresh } from '../../src/alerts/auto-refresh';
import { type ListRefresh, MAX_LIST_REFRESHES, RESPONSE_URL_REFRESH_MS, RESPONSE_URL_USES, type RefreshedList } from '../../src/alerts/follows';
import { AUTO_REFRESH_MS } from '../../src/alerts/list-refresh-plan';
import { defaultQuery } from '../../src/jobs/job-query';
import { JobsError } from '../../src/jobs/jobs-error';
import { openDatabase, type SqliteDatabase } from '../../src/store/database';
import { ListRefreshRepository } from '../../src/store/list-refresh-repository';

const NOW = new Date('2024-06-10T12:00:00Z');
const list: RefreshedList = { cluster: 'default', space: 'nba', query: defaultQuery(), page: 0, share: true };
const shared: ClickedList = { channel: 'C1', ts: '100.1', ephemeral: false, responseUrl: 'https://hooks.slack.test/r/1' };
const mineOnly: ClickedList = { channel: 'C1', ts: '100.2', ephemeral: true, responseUrl: 'https://hooks.slack.test/r/2' };

describe('autoRefreshChoice', () => {
  it('reads the intervals offered, and off', () => {
    expect(autoRefreshChoice('30s')).toEqual({ kind: 'every', everyMs: 30_000 });
    expect(autoRefreshChoice('5m')).toEqual({ kind: 'every', everyMs: 300_000 });
    expect(autoRefreshChoice('off')).toEqual({ kind: 'off' });
    expect(autoRefreshChoice(undefined)).toEqual({ kind: 'off' });
  });

  it('knows no other value, not even the names every object has', () => {
    expect(autoRefreshChoice('2s')).toBeNull();
    expect(autoRefreshChoice('constructor')).toBeNull();
    expect(autoRefreshChoice('__proto__')).toBeNull();
  });
});

describe('a list switching its auto-refresh', () => {
  let dir: string;
  let db: SqliteDatabase;
  let refreshes: ListRefreshRepository;
  const deps = () => ({ refreshes, now: () => NOW });
  const start = (message: ClickedList | null, everyMs = 30_000): AutoRefreshStart => ({ userId: 'U1', list, everyMs, message });
  const drawn = async (refresh: ListRefresh): Promise<ListRefresh> => refresh;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nebula-jobs-auto-refresh-'));
    db = openDatabase(join(dir, 'bot.db'));
    refreshes = new ListRefreshRepository(db);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('redraws a message the bot may update with chat.update for AUTO_REFRESH_MS, keeping the response_url as a fallback', async () => {
    const refresh = await startAutoRefresh(deps(), start(shared), drawn);
    expect(refresh).toMatchObject({
      userId: 'U1',
      everyMs: 30_000,
      message: { channel: 'C1', ts: '100.1' },
      surface: 'message',
      responseUrl: shared.responseUrl,
      usesLeft: RESPONSE_URL_USES - 1,
      drawn: null,
      startedAt: NOW,
      until: new Date(NOW.getTime() + AUTO_REFRESH_MS),
    });
    expect(refreshes.at(shared)).toEqual(refresh);
  });

  it('redraws a list only its reader sees through the response_url, while that URL works', async () => {
    const refresh = await startAutoRefresh(deps(), start(mineOnly, 60_000), drawn);
    expect(refresh).toMatchObject({ surface: 'response-url', usesLeft: RESPONSE_URL_USES - 1, until: new Date(NOW.getTime() + RESPONSE_URL_REFRESH_MS) });
    expect(refresh.message).toEqual({ channel: 'C1', ts: '100.2' });
  });

  it('has no use of a response_url Slack did not give', async () => {
    const refresh = await startAutoRefresh(deps(), start({ ...shared, responseUrl: null }), drawn);
    expect(refresh).toMatchObject({ responseUrl: null, usesLeft: 0 });
  });

  it('refuses a list outside a message, saying what works', async () => {
    const refused = startAutoRefresh(deps(), start(null), drawn);
    await expect(refused).rejects.toThrow(JobsError);
    await expect(refused).rejects.toMatchObject({ kind: 'invalid-input', message: 'This list cannot refresh itself here.' });
    expect(refreshes.count()).toBe(0);
  });

  it('refuses one list more than MAX_LIST_REFRESHES, but lets one already refreshing change its interval', async () => {
    for (let i = 0; i < MAX_LIST_REFRESHES; i++) await startAutoRefresh(deps(), start({ ...shared, ts: `200.${i}` }), drawn);
    await expect(startAutoRefresh(deps(), start(shared), drawn)).rejects.toMatchObject({ kind: 'invalid-input' });
    const changed = await startAutoRefresh(deps(), start({ ...shared, ts: '200.0' }, 300_000), drawn);
    expect(changed.everyMs).toBe(300_000);
    expect(refreshes.count()).toBe(MAX_LIST_REFRESHES);
  });

  it('leaves nothing refreshing when the list could not be drawn', async () => {
    const failed = startAutoRefresh(deps(), start(shared), async () => {
      throw new Error('graphd unreachable');
    });
    await expect(failed).rejects.toThrow('graphd unreachable');
    expect(refreshes.at(shared)).toBeNull();
  });

  it('answers with the drawing, which sees the refresh it draws', async () => {
    const answer = await startAutoRefresh(deps(), start(shared), async (refresh) => ({ shown: refreshes.at(refresh.message)?.id === refresh.id }));
    expect(answer).toEqual({ shown: true });
  });

  it("stops the message's refresh, and only that one", async () => {
    await startAutoRefresh(deps(), start(shared), drawn);
    await startAutoRefresh(deps(), start(mineOnly), drawn);
    expect(stopAutoRefresh(deps(), shared)).toBe(true);
    expect(stopAutoRefresh(deps(), shared)).toBe(false);
    expect(stopAutoRefresh(deps(), null)).toBe(false);
    expect(refreshes.all().map((r) => r.message.ts)).toEqual(['100.2']);
  });
});
