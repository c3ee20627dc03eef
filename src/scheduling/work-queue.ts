/**
 * The work that follows an ack (reading graphd, drawing blocks, answering through response_url)
 * runs a few at a time. Acks then never wait behind a pile of busy handlers: Slack's 3-second
 * ack deadline is met under load, while the answers themselves may take a little longer.
 */
export class WorkQueue {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly concurrency: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running += 1;
    try {
      return await task();
    } finally {
      this.running -= 1;
      this.waiting.shift()?.();
    }
  }
}
