import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChannelDefaultsRepository } from '../../src/store/channel-defaults-repository';
import { listMigrations, openDatabase } from '../../src/store/database';

describe('database', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'nebula-jobs-db-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates its folder and applies every migration once', () => {
    const path = join(dir, 'nested', 'bot.db');
    const first = openDatabase(path);
    const versions = first.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();
    expect(versions).toEqual(listMigrations().map((m) => m.version));
    first.close();
    const again = openDatabase(path);
    expect(again.prepare('SELECT count(*) FROM schema_migrations').pluck().get()).toBe(versions.length);
    again.close();
  });

  it('numbers migrations without gaps', () => {
    expect(listMigrations().map((m) => m.version)).toEqual(listMigrations().map((_, i) => i + 1));
  });

  it('keeps a channel default space across reopenings', () => {
    const path = join(dir, 'bot.db');
    const db = openDatabase(path);
    const settings = new ChannelDefaultsRepository(db);
    expect(settings.channelDefault('C1')).toBeNull();
    settings.setChannelDefault('C1', { cluster: 'default', space: 'nba' }, 'U1', new Date(1000));
    settings.setChannelDefault('C1', { cluster: 'prod', space: 'ldbc' }, 'U2', new Date(2000));
    db.close();
    const reopened = openDatabase(path);
    expect(new ChannelDefaultsRepository(reopened).channelDefault('C1')).toEqual({ cluster: 'prod', space: 'ldbc', setBy: 'U2', setAt: new Date(2000) });
    reopened.close();
  });
});
