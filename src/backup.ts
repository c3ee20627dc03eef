import { backupDatabase } from './store/backup';

/**
 * `npm run backup -- <file>` (or `node dist/backup.js <file>` in the image): a copy of the
 * database named by DATABASE_PATH, taken while the bot runs. No sqlite3 CLI needed.
 */
const source = process.env.DATABASE_PATH?.trim() || './data/nebula-jobs.db';
const target = process.argv[2];
if (!target) {
  process.stderr.write('usage: node dist/backup.js <backup file>, e.g. node dist/backup.js /data/backups/nebula-jobs-2026-12-02.db\n');
  process.exit(2);
}
backupDatabase(source, target).then(
  ({ pages }) => process.stdout.write(`backup: ${source} copied to ${target} (${pages} pages)\n`),
  (error: unknown) => {
    process.stderr.write(`backup: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
