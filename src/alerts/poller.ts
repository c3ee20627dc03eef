import type { Logger } from '../logging/logger';
import { type ScheduledTask, scheduleTask } from '../scheduling/scheduled-task';
import type { PollerLease } from './lease';
import type { PollCycle, PollReport } from './poll-cycle';

export interface PollerDeps {
  cycle: PollCycle;
  lease: PollerLease;
  schedule: string;
  logger: Logger;
  /** Called after every poll that may have queued messages. */
  afterPoll: (report: PollReport) => void;
  /** How often the lease is renewed, polls or not; a third of its length unless set. */
  heartbeatMs?: number;
}

/** The scheduled poller: one cycle at a time, only while this process holds the lease. */
export class Poller {
  private task: ScheduledTask | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private polls = 0;
  private polledInTerm = 0;

  constructor(private readonly deps: PollerDeps) {}

  start(): void {
    this.task = scheduleTask('poller', this.deps.schedule, () => this.pollOnce().then(() => undefined), this.deps.logger);
    // Renewed on a timer of its own, so a long poll (a slow graphd, many spaces) keeps the lease.
    this.heartbeat = setInterval(() => this.renewLease(), this.deps.heartbeatMs ?? Math.floor(this.deps.lease.ttlMs / 3));
    this.heartbeat.unref();
  }

  /** One cycle now (the schedule calls this; tests and tools may too). */
  async pollOnce(): Promise<PollReport | null> {
    const fence = this.deps.lease.hold() ? this.deps.lease.fence() : null;
    if (!fence) {
      this.deps.logger.debug('poll.skipped', { reason: 'another process holds the poller lease' });
      return null;
    }
    // A new term: another process may have polled and alerted meanwhile, so start from the store.
    if (fence.term !== this.polledInTerm) {
      this.deps.cycle.forgetRememberedState();
      this.polledInTerm = fence.term;
    }
    const report = await this.deps.cycle.run(fence);
    this.polls += 1;
    if (report.leaseLost) this.deps.lease.lost();
    if (report.failedSpaces > 0 || report.outbox > 0) this.deps.logger.info('poll.done', { ...report, poll: this.polls });
    this.deps.afterPoll(report);
    return report;
  }

  /** Stops scheduling and the heartbeat, lets a cycle in progress finish, and gives the lease up. */
  async stop(): Promise<void> {
    await this.task?.stop();
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    this.deps.lease.release();
  }

  private renewLease(): void {
    try {
      this.deps.lease.renew();
    } catch (error) {
      // SQLite busy past its timeout: the next beat tries again, well within the lease.
      this.deps.logger.warn('poller.lease_renew_failed', { error });
    }
  }
}
