import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/**
 * A consistent copy of the bot's database while the bot runs: SQLite's online backup reads
 * pages under its own locks, so a poll or an alert being marked sent meanwhile is either in the
 * copy or not, never half. The copy holds the audit trail and response_urls: it is 0600 too.
 */
export async function backupDatabase(source: string, target: string): Promise<{ pages: number }> {
  if (!existsSync(source)) throw new Error(`no database at ${source}`);
  if (existsSync(target)) throw new Error(`${target} exists already; give a new file name`);
  mkdirSync(dirname(target), { recursive: true });
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    const result = await db.backup(target);
    chmodSync(target, 0o600);
    return { pages: result.totalPages };
  } finally {
    db.close();
  }
}
