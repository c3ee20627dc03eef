import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '../logging/logger';

/** Who holds a lease and in which term: what a fenced write checks is still current. */
export interface LeaseTerm {
  holder: string;
  term: number;
}

export type LeaseClaim = ({ held: true } & LeaseTerm) | { held: false; holder: string; expiresAt: Date };

export interface LeaseStore {
  /**
   * Takes the lease when it is free, released or lapsed (a new term), or extends it when this
   * holder still has it (the same term).
   */
  claim(name: string, holder: string, expiresAt: Date, now: Date): LeaseClaim;
  /** Extends the lease while this holder still owns the term; false once another took it. */
  renew(name: string, holder: string, term: number, expiresAt: Date): boolean;
  /** Gives the lease up, so another process takes it at once. */
  release(name: string, holder: string): void;
}

/** Thrown by a fenced write whose term is no longer the lease's: the write did not happen. */
export class LeaseLost extends Error {
  constructor(readonly lost: LeaseTerm) {
    super(`the poller lease is no longer held by ${lost.holder} in term ${lost.term}`);
    this.name = 'LeaseLost';
  }
}

/**
 * `host:pid:instance`, for the logs only. Liveness is never read from it: another container
 * may share the hostname and see its own PID 1, so only the lease's expiry says a holder is gone.
 */
export function holderId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/**
 * The poller's lease: only its holder polls and delivers. A heartbeat renews it (every third of
 * its length, whatever the polls do); a crashed holder's lease is taken over once it lapses, a
 * released one at once. Each taking starts a new term, which fences the poller's writes.
 */
export class PollerLease {
  private current: { term: number; until: number } | null = null;
  /** The other holder last reported, so standing by is logged once, not every poll. */
  private reportedHolder: string | null = null;

  constructor(
    private readonly store: LeaseStore,
    private readonly me: string,
    readonly ttlMs: number,
    private readonly now: () => Date,
    private readonly logger?: Logger,
  ) {}

  /** True when this process may poll and deliver now; takes the lease if it is free or lapsed. */
  hold(): boolean {
    const now = this.now().getTime();
    if (this.current && this.current.until > now) return true;
    const claim = this.store.claim('poller', this.me, new Date(now + this.ttlMs), new Date(now));
    if (!claim.held) {
      if (this.current) this.logger?.warn('poller.lease_lost', { term: this.current.term, holder: claim.holder });
      this.current = null;
      if (this.reportedHolder !== claim.holder) {
        this.reportedHolder = claim.holder;
        this.logger?.info('poller.standing_by', { holder: claim.holder, expiresAt: claim.expiresAt.toISOString() });
      }
      return false;
    }
    if (this.current?.term !== claim.term) this.logger?.info('poller.lease_acquired', { holder: this.me, term: claim.term });
    this.current = { term: claim.term, until: now + this.ttlMs };
    this.reportedHolder = null;
    return true;
  }

  /** The heartbeat: extends a held lease; notices when another process took it meanwhile. */
  renew(): void {
    if (!this.current) return;
    const until = this.now().getTime() + this.ttlMs;
    if (this.store.renew('poller', this.me, this.current.term, new Date(until))) {
      this.current.until = until;
    } else {
      this.lost();
    }
  }

  /** The term this process holds, for fenced writes; null when it holds none. */
  fence(): LeaseTerm | null {
    return this.current ? { holder: this.me, term: this.current.term } : null;
  }

  /** A fenced write or a renewal found the term taken: stop believing this process holds it. */
  lost(): void {
    if (this.current) this.logger?.warn('poller.lease_lost', { term: this.current.term });
    this.current = null;
  }

  isHeld(): boolean {
    return this.current !== null && this.current.until > this.now().getTime();
  }

  release(): void {
    if (this.current) this.store.release('poller', this.me);
    this.current = null;
  }
}
