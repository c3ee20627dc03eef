import type { Logger } from '../logging/logger';

/** Why every channel's delivery is on hold, for /healthz. */
export interface DeliveryPause {
  /** `store`: the database cannot be written; `slack-auth`: Slack refuses the bot's token. */
  cause: 'store' | 'slack-auth';
  since: Date;
  error: string;
  /** Failed tries to resume so far. */
  retries: number;
}

export interface DeliveryHoldDeps {
  now: () => Date;
  logger: Logger;
  /** The wait before the n-th try to resume (n from 0). */
  backoffMs: (retries: number, cause: DeliveryPause['cause']) => number;
  /** Called when a try to resume is due. */
  onDue: () => void;
}

/**
 * A pause of all delivery, for problems no single message causes: a database that cannot be
 * written, a token Slack refuses. Logged once when it starts and once when it ends, never per
 * try; tries to resume back off on a timer (not the clock, so a clock step cannot stretch it).
 */
export class DeliveryHold {
  private pause: (DeliveryPause & { state: 'waiting' | 'due' | 'probing'; timer: NodeJS.Timeout | null }) | null = null;

  constructor(private readonly deps: DeliveryHoldDeps) {}

  current(): DeliveryPause | null {
    if (!this.pause) return null;
    const { cause, since, error, retries } = this.pause;
    return { cause, since, error, retries };
  }

  get cause(): DeliveryPause['cause'] | null {
    return this.pause?.cause ?? null;
  }

  /** On hold and not yet due for a try to resume (or a try is under way). */
  get blocking(): boolean {
    return this.pause !== null && this.pause.state !== 'due';
  }

  /** A try to resume is under way (or due): its outcome decides. */
  get testing(): boolean {
    return this.pause !== null && this.pause.state !== 'waiting';
  }

  /** The try to resume is now out (one message, or the unrecorded marks). */
  probing(): void {
    if (this.pause) this.pause.state = 'probing';
  }

  storeFailed(error: string, unrecorded: number): void {
    if (this.pause?.cause === 'store') {
      if (this.testing) this.retryLater(error);
      else this.pause.error = error;
      return;
    }
    this.hold('store', error);
    this.deps.logger.error('outbox.store_failed', {
      error,
      unrecorded,
      note: 'delivery paused; messages Slack accepted are kept in memory, never posted again, and recorded once the database can be written',
    });
  }

  authRefused(error: string): void {
    if (this.pause?.cause === 'store') return; // the store comes first; the token is tested after
    if (this.pause) {
      if (this.testing) this.retryLater(error);
      return;
    }
    this.hold('slack-auth', error);
    this.deps.logger.error('outbox.paused', { reason: error, note: 'Slack refuses the bot token: every alert is held, none dropped, until a call succeeds' });
  }

  /** The try to resume failed (with `error`, or inconclusively): wait longer. */
  retryLater(error?: string): void {
    if (!this.pause) return;
    this.pause.retries += 1;
    if (error) this.pause.error = error;
    this.pause.state = 'waiting';
    this.arm();
  }

  resume(): void {
    const pause = this.pause;
    if (!pause) return;
    if (pause.timer) clearTimeout(pause.timer);
    this.pause = null;
    this.deps.logger.info(pause.cause === 'store' ? 'outbox.store_recovered' : 'outbox.resumed', {
      pausedMs: Math.max(0, this.deps.now().getTime() - pause.since.getTime()),
      retries: pause.retries,
    });
  }

  stop(): void {
    if (this.pause?.timer) clearTimeout(this.pause.timer);
  }

  private hold(cause: DeliveryPause['cause'], error: string): void {
    this.stop();
    this.pause = { cause, since: this.deps.now(), error, retries: 0, state: 'waiting', timer: null };
    this.arm();
  }

  private arm(): void {
    const pause = this.pause;
    if (!pause) return;
    if (pause.timer) clearTimeout(pause.timer);
    pause.timer = setTimeout(
      () => {
        pause.timer = null;
        if (this.pause !== pause) return;
        pause.state = 'due';
        this.deps.onDue();
      },
      this.deps.backoffMs(pause.retries, pause.cause),
    );
    pause.timer.unref();
  }
}
