import { WorkQueue } from '../../src/scheduling/work-queue';

/** A promise with its resolve handle, to play a graphd that answers when the test says so. */
function later<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** A task that runs until released. */
function gate(): { task: () => Promise<void>; started: Promise<void>; release: () => void; isStarted: () => boolean } {
  let release!: () => void;
  let markStarted!: () => void;
  let started = false;
  const startedPromise = new Promise<void>((resolve) => (markStarted = resolve));
  const done = new Promise<void>((resolve) => (release = resolve));
  return {
    task: async () => {
      started = true;
      markStarted();
      await done;
    },
    started: startedPromise,
    release,
    isStarted: () => started,
  };
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('WorkQueue', () => {
  it("gives a task's slot to another while it waits aside, and takes one again to go on", async () => {
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

  it("never starts a task in its caller's turn", async () => {
    const queue = new WorkQueue(4);
    let started = false;
    const ran = queue.run(async () => {
      started = true;
      return 42;
    });
    await Promise.resolve();
    expect(started).toBe(false);
    await expect(ran).resolves.toBe(42);
    expect(started).toBe(true);
  });

  it('runs at most `concurrency` tasks at once, the others in the order they came', async () => {
    const queue = new WorkQueue(2);
    const gates = [gate(), gate(), gate(), gate()];
    const order: number[] = [];
    const runs = gates.map((g, i) =>
      queue.run(async () => {
        order.push(i);
        await g.task();
      }),
    );
    await Promise.all([gates[0].started, gates[1].started]);
    for (let i = 0; i < 5; i += 1) await turn();
    expect(gates.map((g) => g.isStarted())).toEqual([true, true, false, false]);

    gates[1].release();
    await gates[2].started;
    expect(gates[3].isStarted()).toBe(false);
    gates[0].release();
    gates[2].release();
    gates[3].release();
    await Promise.all(runs);
    expect(order).toEqual([0, 1, 2, 3]);
  });

  it('a failing task frees its slot and reports its error to its caller', async () => {
    const queue = new WorkQueue(1);
    const failed = queue.run(async () => {
      throw new Error('boom');
    });
    const next = queue.run(async () => 'next');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next');
  });

  it('a slot handed over is not taken by a newcomer', async () => {
    const queue = new WorkQueue(1);
    const first = gate();
    const order: string[] = [];
    const a = queue.run(first.task);
    await first.started;
    const b = queue.run(async () => void order.push('waiting'));
    await turn();
    first.release();
    const c = queue.run(async () => void order.push('newcomer'));
    await Promise.all([a, b, c]);
    expect(order).toEqual(['waiting', 'newcomer']);
  });

  it('takes no slot back for a wait aside that outlives its task (a Promise.all that rejected early)', async () => {
    const queue = new WorkQueue(1);
    const slow = later();
    const failed = queue.run(async () => {
      await Promise.all([queue.aside(() => Promise.reject(new Error('not found'))), queue.aside(() => slow.promise)]);
    });
    await expect(failed).rejects.toThrow('not found');
    slow.resolve();
    await slow.promise;
    // Before the fix the late wait took the only slot for good and this never ran.
    await expect(queue.run(async () => 'next')).resolves.toBe('next');
  });
});
