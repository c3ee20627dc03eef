import cron from 'node-cron';
import type { Logger } from '../logging/logger';

export interface ScheduledTask {
  /** Stops scheduling and waits for a run in progress to finish. */
  stop(): Promise<void>;
}

/**
 * Runs `run` on a cron schedule (with seconds), never two runs at once: a run still going when
 * the next is due makes that one skip. Errors are logged, never thrown into node-cron.
 */
export function scheduleTask(name: string, expression: string, run: () => Promise<void>, logger: Logger): ScheduledTask {
  let current: Promise<void> | null = null;
  const task = cron.schedule(
    expression,
    async () => {
      if (current) return;
      current = run()
        .catch((error: unknown) => logger.error('task.failed', { task: name, error }))
        .finally(() => {
          current = null;
        });
      await current;
    },
    {
      name,
      noOverlap: true,
      // node-cron prints plain text by default; keep the logs JSON. A skipped overlapping run is routine.
      logger: {
        debug: (message: string | Error) => logger.debug('cron', { task: name, message: String(message) }),
        info: (message: string) => logger.debug('cron', { task: name, message }),
        warn: (message: string) => logger.debug('cron', { task: name, message }),
        error: (message: string | Error) => logger.error('cron', { task: name, message: String(message) }),
      },
    },
  );
  return {
    async stop() {
      await task.destroy();
      await current;
    },
  };
}

export function isValidSchedule(expression: string): boolean {
  return expression.trim().split(/\s+/).length === 6 && cron.validate(expression);
}
