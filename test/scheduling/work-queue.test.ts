import { WorkQueue } from '../../src/scheduling/work-queue';

/** A promise with its resolve handle, to play a graphd that answers when the test says so. */
function later<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('WorkQueue', () => {
  it('runs at most its concurrency of tasks at once', async () => {
    const queue = new WorkQueue(2);
    let running = 0;
    let most = 0;
    const gates = Array.from({ length: 5 }, () => later());
    const done = gates.map((gate) =>
      queue.run(async () => {
        running += 1;
        most = Math.max(most, running);
        await gate.promise;
        running -= 1;
      }),
    );
    for (const gate of gates) gate.resolve();
    await Promise.all(done);
    expect(most).toBe(2);
  });

  it('gives a task\'s slot to another while it waits aside, and takes one again to go on', async () => {
    const queue = new WorkQueue(1);
    const order: string[] = [];
    const graphd = later<string>();
    const hung = queue.run(async () => {
      order.push('A asks graphd');
      const answer = await queue.aside(() => graphd.promise);
      order.push(`A goes on with ${answer}`);
    });
    // With the only slot held by A's wait, B would never start before the fix.
    await queue.run(async () => {
      order.push('B runs');
    });
    expect(order).toEqual(['A asks graphd', 'B runs']);
    graphd.resolve('jobs');
    await hung;
    expect(order).toEqual(['A asks graphd', 'B runs', 'A goes on with jobs']);
  });

  it('counts several waits of one task as one absence, and never runs more than its slots', async () => {
    const queue = new WorkQueue(1);
    const a = later();
    const b = later();
    let inside = 0;
    let most = 0;
    const enter = (): void => {
      inside += 1;
      most = Math.max(most, inside);
    };
    const first = queue.run(async () => {
      enter();
      inside -= 1;
      await Promise.all([queue.aside(() => a.promise), queue.aside(() => b.promise)]);
      enter();
      inside -= 1;
    });
    const second = queue.run(async () => {
      enter();
      await Promise.resolve();
      inside -= 1;
    });
    await second;
    a.resolve();
    b.resolve();
    await first;
    expect(most).toBe(1);
    // Outside any task, aside simply waits.
    expect(await queue.aside(async () => 7)).toBe(7);
  });
});
