import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ActionId } from '../src/slack/interactive/action-ids';

/** The import rules of the README's architecture section, enforced. */
const SRC = join(__dirname, '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

interface SourceFile {
  /** Relative to src/, e.g. `slack/listeners/answer.ts`. */
  path: string;
  text: string;
  /** Import specifiers as written. */
  imports: string[];
  /** Relative imports resolved to paths under src/ (`store/database`). */
  internal: string[];
}

function read(path: string): SourceFile {
  const text = readFileSync(path, 'utf8');
  const imports = [...text.matchAll(/(?:from\s+|require\(|import\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);
  const internal = imports.filter((spec) => spec.startsWith('.')).map((spec) => relative(SRC, resolve(dirname(path), spec)));
  return { path: relative(SRC, path), text, imports, internal };
}

const files = sourceFiles(SRC).map(read);
const folder = (path: string): string => path.split('/')[0];
const inFolders = (...names: string[]) => files.filter((f) => names.includes(folder(f.path)));

/** The domain: decisions and bookkeeping, no I/O of any kind. */
const DOMAIN = ['jobs', 'access', 'spaces'];
/** Adapters: each keeps its library to itself and talks to the others only through the domain's ports. */
const ADAPTERS = ['slack', 'store', 'nebula'];

function importsFrom(file: SourceFile, folders: string[]): string[] {
  return file.internal.filter((path) => folders.includes(folder(path)));
}

describe('architecture', () => {
  it('has a domain to check', () => {
    expect(inFolders(...DOMAIN).length).toBeGreaterThan(10);
  });

  it.each(inFolders(...DOMAIN).map((f) => [f.path, f] as const))('%s (domain) imports no I/O library, adapter, logging or OS module', (_path, file) => {
    const libraries = file.imports.filter((spec) => /^(@slack|@nebula-contrib|better-sqlite3|node-cron|dayjs|node:|fs$|net$|http$|os$|child_process$)/.test(spec));
    expect(libraries).toEqual([]);
    expect(importsFrom(file, [...ADAPTERS, 'alerts', 'config', 'logging', 'monitoring', 'scheduling', 'demo', 'playground'])).toEqual([]);
  });

  it.each(inFolders('alerts').map((f) => [f.path, f] as const))('%s (alerts) reaches Slack, SQLite and NebulaGraph only through ports', (_path, file) => {
    expect(file.imports.filter((spec) => /^(@slack|@nebula-contrib|better-sqlite3)/.test(spec))).toEqual([]);
    expect(importsFrom(file, ADAPTERS)).toEqual([]);
  });

  it.each(inFolders('slack').map((f) => [f.path, f] as const))('%s (slack) never touches the store or the NebulaGraph adapter', (_path, file) => {
    expect(importsFrom(file, ['store', 'nebula'])).toEqual([]);
  });

  it.each(inFolders('store').map((f) => [f.path, f] as const))('%s (store) never touches Slack or NebulaGraph', (_path, file) => {
    expect(importsFrom(file, ['slack', 'nebula'])).toEqual([]);
  });

  it.each(inFolders('nebula').map((f) => [f.path, f] as const))('%s (nebula) never touches Slack or the store', (_path, file) => {
    expect(importsFrom(file, ['slack', 'store'])).toEqual([]);
  });

  it('keeps the NebulaGraph client inside one file of nebula/', () => {
    const users = files.filter((f) => f.imports.some((spec) => spec.startsWith('@nebula-contrib/'))).map((f) => f.path);
    expect(users).toEqual(['nebula/client/package-facade.ts']);
  });

  it('keeps SQLite inside store/', () => {
    const users = files.filter((f) => f.imports.includes('better-sqlite3')).map((f) => f.path);
    expect(users.length).toBeGreaterThan(0);
    expect(users.every((path) => path.startsWith('store/'))).toBe(true);
  });

  it('keeps the metrics library inside monitoring/: the rest is observed through decorators and ports', () => {
    const users = files.filter((f) => f.imports.some((spec) => spec === 'prom-client' || spec.startsWith('prom-client/'))).map((f) => f.path);
    expect(users.length).toBeGreaterThan(0);
    expect(users.filter((path) => !path.startsWith('monitoring/'))).toEqual([]);
  });

  it('reads the environment only in the entry points', () => {
    const readers = files.filter((f) => f.text.includes('process.env')).map((f) => f.path);
    expect(readers.sort()).toEqual(['backup.ts', 'demo/main.ts', 'main.ts']);
  });

  it('keeps the slack/ root free of loose files: every file sits in a folder named after its role', () => {
    expect(files.filter((f) => /^slack\/[^/]+\.ts$/.test(f.path)).map((f) => f.path)).toEqual([]);
  });

  it('gives every action_id a listener, and every listener an action_id', () => {
    const listeners = files
      .filter((f) => f.path.startsWith('slack/listeners/actions/'))
      .map((f) => f.text)
      .join('\n');
    const registered = [...listeners.matchAll(/\[ActionId\.(\w+)\]:|app\.action<\w+>\(ActionId\.(\w+)/g)].map((m) => m[1] ?? m[2]).sort();
    expect(registered).toEqual(Object.keys(ActionId).sort());
  });

  it('points no reader outside the repository', () => {
    expect(files.filter((f) => f.text.includes('../shared/')).map((f) => f.path)).toEqual([]);
  });
});
