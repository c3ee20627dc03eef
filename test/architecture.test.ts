import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The import rules of the README's architecture section, enforced. */
const SRC = join(__dirname, '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from\s+|require\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);
}

const files = sourceFiles(SRC).map((path) => ({ path: relative(SRC, path), imports: importsOf(path) }));

describe('architecture', () => {
  const domain = files.filter((f) => /^(jobs|access)\//.test(f.path));

  it('has a domain to check', () => {
    expect(domain.length).toBeGreaterThan(5);
  });

  it.each(domain.map((f) => [f.path, f.imports] as const))('%s imports no I/O library or adapter', (_path, imports) => {
    const forbidden = imports.filter(
      (spec) =>
        /^(@slack|@nebula-contrib|better-sqlite3|node-cron|node:(fs|net|http|https|child_process))/.test(spec) ||
        /\/(slack|nebula|store|poller)\//.test(`${spec}/`) ||
        /^\.\.\/(slack|nebula|store|poller|config)\b/.test(spec),
    );
    expect(forbidden).toEqual([]);
  });

  it('keeps the NebulaGraph client inside one file of nebula/', () => {
    const users = files.filter((f) => f.imports.some((spec) => spec.startsWith('@nebula-contrib/'))).map((f) => f.path);
    expect(users).toEqual(['nebula/package-facade.ts']);
  });

  it('keeps SQLite inside store/', () => {
    const users = files.filter((f) => f.imports.includes('better-sqlite3')).map((f) => f.path);
    expect(users.every((path) => path.startsWith('store/'))).toBe(true);
  });

  it('reads the environment only in the entry points', () => {
    const readers = files.filter((f) => readFileSync(join(SRC, f.path), 'utf8').includes('process.env')).map((f) => f.path);
    expect(readers.sort()).toEqual(['demo/main.ts', 'main.ts']);
  });
});
