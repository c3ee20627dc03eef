import { createLogger } from '../logging/logger';
import { playgroundConfig } from './playground-config';
import { type Playground, startPlayground } from './start-playground';

function fail(lines: string[]): never {
  for (const line of lines) process.stderr.write(`config: ${line}\n`);
  process.exit(1);
}

/**
 * `npm run demo` without Slack tokens: the playground as a process. It prints one line with the
 * address to open; SIGINT (Ctrl+C) and SIGTERM stop it cleanly with exit code 0.
 */
export async function runPlayground(environment: NodeJS.ProcessEnv): Promise<void> {
  const loaded = playgroundConfig(environment);
  if (!loaded.ok) fail(loaded.problems);
  const { config } = loaded;
  const logger = createLogger({ level: config.logLevel, secrets: [config.slack.botToken, config.slack.signingSecret ?? ''] });
  // Handlers first: a signal during start-up stops the playground once it is up, not half-way.
  let signalled: string | null = null;
  let onSignal = (signal: string): void => {
    signalled ??= signal;
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('unhandledRejection', (error) => logger.error('unhandled rejection', { error }));
  let playground: Playground;
  try {
    playground = await startPlayground({ config, logger });
  } catch (error) {
    const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
    process.stderr.write(
      inUse
        ? `Port ${config.slack.port} is already in use: choose another with PORT, e.g. PORT=${config.slack.port + 1} npm run demo\n`
        : `The playground could not start: ${(error as Error).message}\n`,
    );
    process.exit(1);
  }
  let stopping = false;
  onSignal = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info('playground.stopping', { signal });
    const force = setTimeout(() => process.exit(0), 10_000);
    force.unref();
    void playground.stop().finally(() => process.exit(0));
  };
  if (signalled) return onSignal(signalled);
  process.stdout.write(`\nLocal playground (not Slack; the NebulaGraph cluster is simulated) running at ${playground.url}: open it in a browser. Ctrl+C stops it.\n\n`);
}
