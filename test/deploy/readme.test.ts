import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every command the README shows is one that CI or a test runs: a README that drifts from what
 * is exercised fails here. Each command maps to where it runs and a line that proves it.
 */
const ROOT = join(__dirname, '..', '..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const scripts: Record<string, string> = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts;

interface Coverage {
  file: string;
  /** Text in that file showing it runs (or, for Docker, checks) the command. */
  proof: string;
}

const COVERED_BY: Record<string, Coverage> = {
  'npm ci': { file: '.ci/run', proof: 'npm ci' },
  'npm test': { file: '.ci/run', proof: 'npm test' },
  'npm run demo': { file: 'test/playground/playground-process.test.ts', proof: "'demo/main.ts'" },
  'npm start': { file: 'test/e2e/process.test.ts', proof: "'main.ts'" },
  'npm run backup': { file: 'test/store/backup.test.ts', proof: 'dist/backup.js' },
  // CI machines have a Docker client but no engine: the Dockerfile is checked statically.
  'docker build': { file: 'test/deploy/dockerfile.test.ts', proof: 'Dockerfile' },
  'docker run': { file: 'test/deploy/dockerfile.test.ts', proof: 'HEALTHCHECK' },
  'docker exec': { file: 'test/store/backup.test.ts', proof: 'dist/backup.js' },
};

/** The commands of the README's shell blocks: each line, split at `&&`, without env assignments and arguments. */
function shellCommands(markdown: string): string[] {
  const blocks = [...markdown.matchAll(/```(?:sh|bash|shell)\n([\s\S]*?)```/g)].map((m) => m[1]);
  const lines = blocks
    .join('\n')
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  return lines.flatMap((line) => line.split('&&').map((part) => commandHead(part.trim())));
}

function commandHead(command: string): string {
  const words = command.split(/\s+/).filter((word) => !/^[A-Z_]+=/.test(word));
  return words[0] === 'npm' && words[1] === 'run' ? words.slice(0, 3).join(' ') : words.slice(0, 2).join(' ');
}

describe('README commands', () => {
  const commands = [...new Set(shellCommands(readme))];

  it('finds the quick start: one command runs the bot, one runs the tests', () => {
    expect(commands).toEqual(expect.arrayContaining(['npm ci', 'npm run demo', 'npm test']));
  });

  it.each(commands)('`%s` is run by CI or a test', (command) => {
    const coverage = COVERED_BY[command];
    expect(coverage).toBeDefined();
    const file = join(ROOT, coverage.file);
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8')).toContain(coverage.proof);
  });

  it('names only npm scripts that exist', () => {
    const named = [...readme.matchAll(/npm run ([a-z:]+)/g)].map((m) => m[1]);
    expect(named.filter((name) => !(name in scripts))).toEqual([]);
  });

  it('states the test command CI runs', () => {
    expect(readFileSync(join(ROOT, '.ci/run'), 'utf8')).toMatch(/^npm test$/m);
    expect(readme).toContain('npm ci && npm test');
  });
});
