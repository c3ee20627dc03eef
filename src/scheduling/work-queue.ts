import { AsyncLocalStorage } from 'node:async_hooks';

/** What one task holds: its slot, unless it is waiting aside (on another thread or machine). */
interface Holder {
  away: number;
  /** The task has ended: a wait aside that ends later (a Promise.all that rejected early) takes no slot back. */
  ended: boolean;
}

/** Resolves on a later turn of the event loop, after the I/O that is ready now has been handled. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * The work that follows an ack (reading graphd, drawing blocks, answering through response_url)
 * runs a few at a time. Acks then never wait behind a pile of busy handlers: Slack's 3-second
 * ack deadline is met under load, while the answers themselves may take a little longer.
 *
 * A task never starts in its caller's turn (the turn that just sent an ack) nor in the turn in
 * which another task ended: requests already waiting on the socket are read and acked first.
 *
 * A task waiting on NebulaGraph (`aside`) gives its slot back meanwhile: that wait costs this
 * thread nothing, and a cluster that hangs must not take every slot from the others' answers.
 */
export class WorkQueue {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly holders = new AsyncLocalStorage<Holder>();

  constructor(private readonly concurrency: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    await nextTurn();
    await this.acquire();
    const holder: Holder = { away: 0, ended: false };
    try {
      return await this.holders.run(holder, task);
    } finally {
      holder.ended = true;
      if (holder.away === 0) this.release();
    }
  }

  /** Waits for `io` without holding the calling task's slot; takes a slot again to go on. */
  async aside<T>(io: () => Promise<T>): Promise<T> {
    const holder = this.holders.getStore();
    if (!holder) return io();
    if (holder.away++ === 0) this.release();
    try {
      return await io();
    } finally {
      if (--holder.away === 0 && !holder.ended) await this.acquire();
    }
  }

  /** A slot that a finishing task hands over stays counted: a newcomer cannot take it first. */
  private async acquire(): Promise<void> {
    if (this.running >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running += 1;
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) setImmediate(next);
    else this.running -= 1;
  }
}
