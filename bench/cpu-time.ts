import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time a process has run, all its threads, in µs: the sum of /proc/<pid>/task/<tid>/schedstat
 * (first field, ns). Unlike a sampling profile it is not inflated by time the process sat
 * preempted, so it compares builds fairly on a machine that other work shares.
 */
export function cpuTimeUs(pid: number): number {
  let ns = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return ns / 1000;
}
