import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** No Docker engine runs here, so the Dockerfile's promises are checked as text. */
const dockerfile = readFileSync(join(__dirname, '..', '..', 'Dockerfile'), 'utf8');
const stages = dockerfile.split(/^FROM /m).slice(1);

describe('Dockerfile', () => {
  it('builds in one stage with the tools native addons need, and runs on Node 20 in another', () => {
    expect(stages).toHaveLength(2);
    expect(stages[0]).toMatch(/^node:20\S* AS build/);
    expect(stages[0]).toMatch(/apt-get install[^\n]*python3[^\n]*make[^\n]*g\+\+/);
    expect(stages[0]).toContain('npm ci');
    expect(stages[0]).toContain('npm run build');
    expect(stages[1]).toMatch(/^node:20/);
    expect(stages[1]).not.toMatch(/g\+\+|python3/);
  });

  it('runs as a non-root user with SQLite on a /data volume', () => {
    expect(stages[1]).toMatch(/^USER node$/m);
    expect(stages[1]).toMatch(/^VOLUME \["\/data"\]$/m);
    expect(stages[1]).toContain('DATABASE_PATH=/data/nebula-jobs.db');
  });

  it('checks /healthz and starts node in exec form so signals reach it', () => {
    expect(stages[1]).toMatch(/^HEALTHCHECK .*\n?.*\/healthz/m);
    expect(stages[1]).toMatch(/^ENTRYPOINT \["node", "dist\/main\.js"\]$/m);
    expect(stages[1]).toContain('NODE_OPTIONS="--max-semi-space-size=4 --max-old-space-size=128"');
  });
});
