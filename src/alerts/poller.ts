import { Logger } from '../logging/logger';
import { scheduleTask, ScheduledTask } from '../scheduling/scheduled-task';
import { PollerLease } from './lease';
import { PollCycle, PollReport } from './poll-cycle';

export interface PollerDeps {
  cycle: PollCycle;
  lease: PollerLease;
  schedule: string;
  logger: Logger;
  /** Called after every poll that may have queued messages. */
  afterPoll: (report: PollReport) => void;
}

/** The scheduled poller: one cycle at a time, only while this process holds the lease. */
export class Poller {
  private task: ScheduledTask | null = null;
  private polls = 0;
  private polledInTerm = 0;

  constructor(private readonly deps: PollerDeps) {}

  start(): void {
    this.task = scheduleTask('poller', this.deps.schedule, () => this.pollOnce().then(() => undefined), this.deps.logger);
  }

  /** One cycle now (the schedule calls this; tests and tools may too). */
  async pollOnce(): Promise<PollReport | null> {
    if (!this.deps.lease.hold()) {
      this.deps.logger.debug('poll.skipped', { reason: 'another process holds the poller lease' });
      return null;
    }
    // A new term: another process may have polled and alerted meanwhile, so start from the store.
    if (this.deps.lease.term !== this.polledInTerm) {
      this.deps.cycle.forgetRememberedState();
      this.polledInTerm = this.deps.lease.term;
    }
    const report = await this.deps.cycle.run();
    this.polls += 1;
    if (report.failedSpaces > 0 || report.outbox > 0) this.deps.logger.info('poll.done', { ...report, poll: this.polls });
    this.deps.afterPoll(report);
    return report;
  }

  /** Stops scheduling, lets a cycle in progress finish, and gives the lease up. */
  async stop(): Promise<void> {
    await this.task?.stop();
    this.deps.lease.release();
  }
}
