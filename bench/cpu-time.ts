import { readdirSync, readFileSync } from 'node:fs';

/** CPU time in µs: the whole process, its main thread, and the thread that acks (the same as main in a bare Bolt app). */
export interface CpuTime {
  total: number;
  main: number;
  ack: number;
}

/**
 * CPU time a process has run, from /proc/<pid>/task/<tid>/schedstat (first field, ns). Unlike a
 * sampling profile it is not inflated by time the process sat preempted, so it compares builds
 * fairly on a machine that other work shares.
 */
export function cpuTimeUs(pid: number, ackThread = pid): CpuTime {
  let ns = 0;
  let main = 0;
  let ack = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const ran = Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      ns += ran;
      if (Number(tid) === pid) main = ran;
      if (Number(tid) === ackThread) ack = ran;
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return { total: ns / 1000, main: main / 1000, ack: ack / 1000 };
}
