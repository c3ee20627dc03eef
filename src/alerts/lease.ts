import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

export interface LeaseStore {
  acquire(name: string, holder: string, expiresAt: Date, now: Date, holderIsDead: (holder: string) => boolean): boolean;
  release(name: string, holder: string): void;
}

/** `host:pid:instance`: enough to tell a crashed process on this host from a live one. */
export function holderId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/**
 * A holder on this host whose process is gone (or whose pid is now ours: a restarted container
 * reuses pid 1) is dead, so a restart takes over at once instead of waiting for the lease to lapse.
 */
export function isDeadOnThisHost(holder: string, me: string): boolean {
  const [host, pid] = holder.split(':');
  const [myHost, myPid] = me.split(':');
  if (host !== myHost || holder === me) return false;
  if (pid === myPid) return true;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * The poller's lease: only its holder polls. Renewed when half of it is used, so an idle poll
 * usually writes nothing.
 */
export class PollerLease {
  private heldUntil = 0;
  private terms = 0;

  constructor(
    private readonly store: LeaseStore,
    private readonly me: string,
    private readonly ttlMs: number,
    private readonly now: () => Date,
    private readonly holderIsDead: (holder: string) => boolean = (holder) => isDeadOnThisHost(holder, me),
  ) {}

  /** True when this process may poll now. */
  hold(): boolean {
    const now = this.now().getTime();
    if (this.heldUntil - now > this.ttlMs / 2) return true;
    const acquired = this.store.acquire('poller', this.me, new Date(now + this.ttlMs), new Date(now), this.holderIsDead);
    if (acquired && this.heldUntil <= now) this.terms += 1;
    this.heldUntil = acquired ? now + this.ttlMs : 0;
    return acquired;
  }

  /** Counts the times this process took the lease afresh; between terms another may have held it. */
  get term(): number {
    return this.terms;
  }

  isHeld(): boolean {
    return this.heldUntil > this.now().getTime();
  }

  release(): void {
    if (this.heldUntil > 0) this.store.release('poller', this.me);
    this.heldUntil = 0;
  }
}
