export interface PresenceStore {
  beat(holder: string, expiresAt: Date): void;
  leave(holder: string): void;
  expiresAt(holder: string): Date | null;
  prune(before: Date): void;
}

/**
 * This process's heartbeat in the database, so other processes on the same file can tell it is
 * alive (its unfinished actions are its own) or gone (they are left over, to be resolved).
 */
export class ProcessPresence {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: PresenceStore,
    private readonly me: string,
    private readonly ttlMs: number,
    private readonly now: () => Date,
  ) {}

  start(): void {
    this.beat();
    this.timer = setInterval(() => this.beat(), Math.max(1_000, Math.floor(this.ttlMs / 3)));
    this.timer.unref();
  }

  /** A holder is alive while its heartbeat has not lapsed; this process always is. */
  isAlive(holder: string): boolean {
    if (holder === this.me) return true;
    const until = this.store.expiresAt(holder);
    return until !== null && until.getTime() > this.now().getTime();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    try {
      this.store.leave(this.me);
    } catch {
      // A database that cannot be written now: the heartbeat lapses on its own.
    }
  }

  private beat(): void {
    const now = this.now().getTime();
    try {
      this.store.beat(this.me, new Date(now + this.ttlMs));
      this.store.prune(new Date(now - 24 * 3_600_000));
    } catch {
      // A full disk: others see this process as gone after the TTL, the safe side for its intents.
    }
  }
}
