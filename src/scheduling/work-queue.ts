/** Resolves on a later turn of the event loop, after the I/O that is ready now has been handled. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * The work that follows an ack (reading graphd, drawing blocks, answering through response_url)
 * runs a few at a time. Acks then never wait behind a pile of busy handlers: Slack's 3-second
 * ack deadline is met under load, while the answers themselves may take a little longer.
 *
 * A task never starts in its caller's turn (the turn that just sent an ack) nor in the turn in
 * which another task ended: requests already waiting on the socket are read and acked first.
 */
export class WorkQueue {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly concurrency: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    await nextTurn();
    // A full queue: wait for a finishing task to hand its slot over.
    if (this.running >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running += 1;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) setImmediate(next);
      else this.running -= 1;
    }
  }
}
