import { accessSync, chmodSync, closeSync, constants, mkdirSync, openSync, readdirSync, readFileSync, type Stats, statfsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';

export type SqliteDatabase = Database.Database;

const MIGRATIONS_DIR = join(__dirname, 'migrations');

/** The database file cannot be used; the message says why in plain words, after the path. */
export class DatabaseFileError extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(reason);
    this.name = 'DatabaseFileError';
  }
}

/**
 * Opens the bot's SQLite file (creating its folder) and applies the numbered migrations in
 * `migrations/` that it has not seen yet, each in its own transaction. Old migrations are
 * never edited: a schema change is a new file. The file and its -wal and -shm companions are
 * readable by their owner only: they hold the audit trail and response URLs.
 * `migrationsDir` replaces `migrations/` (tests build the schema of an older release with it).
 */
export function openDatabase(path: string, options: { migrationsDir?: string } = {}): SqliteDatabase {
  if (path !== ':memory:') prepareFile(path);
  let db: SqliteDatabase | null = null;
  try {
    db = new Database(path);
    // WAL lets the health check read while the poller writes; FULL so an acknowledged alert
    // mark survives a power cut, not just a crash.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    migrate(db, options.migrationsDir);
    return db;
  } catch (error) {
    db?.close();
    throw unusable(path, error);
  }
}

const ERRNO_WORDS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENOENT: 'no such file or folder',
  ENOTDIR: 'part of the path is not a folder',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'name too long',
};

function words(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
  const user = code === 'EACCES' || code === 'EPERM' ? ` for uid ${process.getuid?.() ?? '?'}` : '';
  return `${ERRNO_WORDS[code] ?? (error as Error).message} (${code})${user}`;
}

/** Kernel file systems that look like folders but hold no files SQLite could keep. */
const KERNEL_FILE_SYSTEMS: Record<number, string> = {
  40864: "procfs, the kernel's process information",
  1650812274: "sysfs, the kernel's device information",
};

/**
 * Checks, with plain-words errors, what SQLite would otherwise report only as "unable to open
 * database file", then creates the file owner-only.
 */
function prepareFile(path: string): void {
  const folder = dirname(resolve(path));
  ensureFolder(path, folder);
  let stats: Stats | undefined;
  try {
    stats = statSync(path, { throwIfNoEntry: false });
  } catch (error) {
    throw new DatabaseFileError(path, `cannot read it: ${words(error)}`);
  }
  if (stats?.isDirectory()) throw new DatabaseFileError(path, `is a folder, not a file; give a file in it, e.g. ${join(path, 'nebula-jobs.db')}`);
  if (stats && !stats.isFile()) throw new DatabaseFileError(path, 'is not a regular file');
  try {
    // O_NONBLOCK: whatever it turns out to be, opening it must not wait.
    closeSync(openSync(path, constants.O_RDWR | constants.O_CREAT | constants.O_NONBLOCK, 0o600));
  } catch (error) {
    throw new DatabaseFileError(path, stats ? `cannot open it for writing: ${words(error)}` : `cannot create the file in ${folder}: ${words(error)}`);
  }
  try {
    accessSync(folder, constants.W_OK);
  } catch (error) {
    throw new DatabaseFileError(path, `cannot create files in ${folder}, where SQLite keeps its -wal and -shm files: ${words(error)}`);
  }
  // SQLite gives -wal and -shm the database file's mode; files an older version made readable by others are tightened.
  for (const file of [path, `${path}-wal`, `${path}-shm`]) ownerOnly(file);
}

/** Creates the missing folders one by one (never Node's recursive mkdir, which loops forever under /proc). */
function ensureFolder(path: string, folder: string): void {
  const missing: string[] = [];
  let current = folder;
  for (;;) {
    let stats: Stats | undefined;
    try {
      stats = statSync(current);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw new DatabaseFileError(path, `cannot look into ${current}: ${words(error)}`);
    }
    if (stats) {
      if (!stats.isDirectory()) throw new DatabaseFileError(path, `${current} is a file, not a folder`);
      break;
    }
    missing.unshift(current);
    if (dirname(current) === current) break;
    current = dirname(current);
  }
  const kernel = KERNEL_FILE_SYSTEMS[kernelType(current)];
  if (kernel) throw new DatabaseFileError(path, `${current} is on ${kernel}, not a disk; use a file on a local disk, e.g. /data/nebula-jobs.db`);
  for (const dir of missing) {
    try {
      mkdirSync(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new DatabaseFileError(path, `cannot create the folder ${dir}: ${words(error)}`);
    }
  }
}

function kernelType(folder: string): number {
  try {
    return statfsSync(folder).type;
  } catch {
    return 0;
  }
}

function ownerOnly(file: string): void {
  try {
    const stats = statSync(file, { throwIfNoEntry: false });
    if (stats && (stats.mode & 0o077) !== 0) chmodSync(file, stats.mode & 0o700);
  } catch {
    // Not ours to change (another owner): SQLite's own errors, if any, say more.
  }
}

/** SQLite's own refusals (not a database, read-only, locked…) as a plain-words DatabaseFileError. */
function unusable(path: string, error: unknown): unknown {
  const code = (error as { code?: unknown }).code;
  if (error instanceof Database.SqliteError && typeof code === 'string' && !/^SQLITE_(ERROR|CONSTRAINT|MISUSE)/.test(code)) {
    return new DatabaseFileError(path, `SQLite cannot use it: ${error.message} (${code})`);
  }
  return error;
}

interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((file) => /^\d{3}-[a-z0-9-]+\.sql$/.test(file))
    .sort()
    .map((file) => ({ version: Number(file.slice(0, 3)), name: file, sql: readFileSync(join(dir, file), 'utf8') }));
}

function migrate(db: SqliteDatabase, dir = MIGRATIONS_DIR): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  )`);
  const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const migration of listMigrations(dir)) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, Date.now());
    })();
  }
}
