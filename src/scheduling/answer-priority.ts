import { readdirSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/**
 * Every thread of the bot but the front thread that acks Slack (the main thread with listeners,
 * poller and outbox, the NebulaGraph client threads, V8's and libuv's helpers, garbage collection
 * of the main thread's heap among them) can run a few nice steps lower (ANSWER_NICE, 10 unless
 * set): at +10 a thread gets about a tenth of a CPU the front wants too, so a request that arrives
 * while an answer is being built is acked at once. When nothing else wants the CPU, priority
 * changes nothing.
 */
const LOWEST = 19;

/** The nice value for the answering threads, `increment` below the process's own; undefined for 0. */
export function answerNice(increment: number): number | undefined {
  return increment > 0 ? Math.min(LOWEST, getPriority() + increment) : undefined;
}

/**
 * Lowers every thread of this process to `nice`, except `front`; threads started later take the
 * priority of the thread that starts them. True when done. Linux only: there each thread has its
 * own nice value (elsewhere it is the whole process's), listed under /proc/self/task.
 */
export function lowerAllThreadsBut(front: number | undefined, nice: number): boolean {
  if (process.platform !== 'linux' || front === undefined) return false;
  try {
    for (const thread of readdirSync('/proc/self/task').map(Number)) {
      if (thread === front) continue;
      try {
        if (getPriority(thread) < nice) setPriority(thread, nice);
      } catch {
        // the thread ended between the listing and the change
      }
    }
    return true;
  } catch {
    return false;
  }
}
