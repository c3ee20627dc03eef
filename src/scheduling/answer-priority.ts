import { getPriority, setPriority } from 'node:os';

/**
 * How much lower the threads that answer (the main thread and the NebulaGraph client threads)
 * run than the front thread that acks: at nice +10 a thread gets about a tenth of a CPU it
 * contends for, so a request arriving while an answer is being built is acked at once. When
 * nothing else wants the CPU, priority changes nothing.
 */
export const ANSWER_NICE = 10;
const LOWEST = 19;

/** The nice value for the threads that answer, read while the calling thread still runs at the process's own. */
export function answerNice(): number {
  return Math.min(LOWEST, getPriority(0) + ANSWER_NICE);
}

/**
 * Lowers the calling thread to `nice` (a thread started by a lowered one is there already);
 * true when it runs there. Linux only: there each thread has its own nice value, elsewhere
 * this would lower the whole process, the front thread included.
 */
export function lowerThisThread(nice: number): boolean {
  if (process.platform !== 'linux') return false;
  try {
    if (getPriority(0) < nice) setPriority(0, nice);
    return true;
  } catch {
    return false;
  }
}
