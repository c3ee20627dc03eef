import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';

/**
 * The bot's sources as plain JavaScript, for the threads and processes tests start: a worker
 * thread or a bot process loading TypeScript through ts-node spends most of a second of CPU on
 * the compiler each time, and the suite starts a hundred of them. Built once per jest run by
 * test/support/global-setup.ts (types are checked by `tsc --noEmit` in `npm test`).
 */
const ROOT = join(__dirname, '..', '..');
export const TEST_BUILD_DIR = join(ROOT, '.test-build');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return [path];
  });
}

export function buildForTests(): void {
  rmSync(TEST_BUILD_DIR, { recursive: true, force: true });
  const src = join(ROOT, 'src');
  for (const file of sources(src)) {
    const target = join(TEST_BUILD_DIR, relative(src, file));
    mkdirSync(dirname(target), { recursive: true });
    if (!file.endsWith('.ts')) {
      cpSync(file, target);
      continue;
    }
    const output = ts.transpileModule(readFileSync(file, 'utf8'), {
      fileName: file,
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, esModuleInterop: true, isolatedModules: true },
    });
    writeFileSync(target.replace(/\.ts$/, '.js'), output.outputText);
  }
}

/** The compiled file for a source under src/ (e.g. `nebula/worker/client-worker`), once built. */
export function builtFile(pathUnderSrc: string): string | undefined {
  const file = join(TEST_BUILD_DIR, `${pathUnderSrc}.js`);
  return existsSync(file) ? file : undefined;
}
