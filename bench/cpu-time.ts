import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time a process has run, all its threads and its main thread alone, in µs: the sum of /proc/<pid>/task/<tid>/schedstat
 * (first field, ns). Unlike a sampling profile it is not inflated by time the process sat
 * preempted, so it compares builds fairly on a machine that other work shares.
 */
export function cpuTimeUs(pid: number): { total: number; main: number } {
  let ns = 0;
  let main = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const ran = Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      ns += ran;
      if (Number(tid) === pid) main = ran;
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return { total: ns / 1000, main: main / 1000 };
}
