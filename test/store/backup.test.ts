import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditRepository } from '../../src/store/audit-repository';
import { openDatabase } from '../../src/store/database';
import { builtFile } from '../support/test-build';

/** The README's backup command, run as it is in the image: `node dist/backup.js <file>`. */
describe('backup', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nebula-jobs-backup-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function backup(args: string[]): { status: number | null; stdout: string; stderr: string } {
    const script = builtFile('backup') as string;
    const run = spawnSync(process.execPath, [script, ...args], { env: { PATH: process.env.PATH ?? '', DATABASE_PATH: join(dir, 'bot.db') }, encoding: 'utf8' });
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
  }

  it('copies the live database (the bot still has it open) to a new 0600 file that opens with everything in it', () => {
    const live = openDatabase(join(dir, 'bot.db'));
    const audit = new AuditRepository(live);
    for (let i = 0; i < 500; i += 1)
      audit.record({ at: new Date(i), userId: 'U1', cluster: 'default', space: 'nba', jobId: i + 1, action: 'stop', result: 'executed', detail: 'x'.repeat(200) });
    const result = backup([join(dir, 'backups', 'copy.db')]);
    expect(result).toMatchObject({ status: 0, stdout: expect.stringMatching(/^backup: .*bot\.db copied to .*copy\.db \(\d+ pages\)\n$/) });
    live.close();
    expect(statSync(join(dir, 'backups', 'copy.db')).mode & 0o777).toBe(0o600);
    const copy = openDatabase(join(dir, 'backups', 'copy.db'));
    expect(copy.prepare('SELECT COUNT(*) FROM audit_log').pluck().get()).toBe(500);
    copy.close();
  });

  it('says what is wrong in one line: no target, a target in the way, no database', () => {
    expect(backup([])).toMatchObject({ status: 2, stderr: expect.stringMatching(/^usage: node dist\/backup\.js <backup file>/) });
    openDatabase(join(dir, 'bot.db')).close();
    expect(backup([join(dir, 'bot.db')])).toMatchObject({ status: 1, stderr: expect.stringMatching(/exists already; give a new file name\n$/) });
    rmSync(join(dir, 'bot.db'));
    expect(backup([join(dir, 'x.db')])).toMatchObject({ status: 1, stderr: expect.stringMatching(/^backup: no database at /) });
  });
});
