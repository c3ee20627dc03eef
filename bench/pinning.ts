import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * Where the processes of an ack measurement may run. Unpinned, the bot, the load generator and
 * the fakes share every core; pinned, the bot (and in its turn the bare app) has CPU 0 to itself
 * and the load generator and the fakes share CPU 1, as Slack's senders do not share the bot's CPU.
 */
export interface Placement {
  mode: 'unpinned' | 'pinned';
  /** `taskset -c` list for the bot and the bare app; undefined: anywhere. */
  appCpus?: string;
  /** `taskset -c` list for the load generator (this process) and the fakes. */
  loadCpus?: string;
}

export const UNPINNED: Placement = { mode: 'unpinned' };
export const PINNED: Placement = { mode: 'pinned', appCpus: '0', loadCpus: '1' };

const TASKSET = 'taskset';

/** "0-1,3" → [0, 1, 3]. */
function parseCpuList(list: string): number[] {
  return list
    .trim()
    .split(',')
    .filter(Boolean)
    .flatMap((part) => {
      const [from, to = from] = part.split('-').map(Number);
      return Array.from({ length: to - from + 1 }, (_, i) => from + i);
    });
}

function allowedList(statusFile: string): string {
  return /Cpus_allowed_list:\s*(\S+)/.exec(readFileSync(statusFile, 'utf8'))?.[1] ?? '?';
}

/** The CPU lists a process's threads may run on, e.g. "0" or "0-1" (several if they differ). */
export function affinityOf(pid: number): string {
  try {
    const lists = new Set(readdirSync(`/proc/${pid}/task`).map((tid) => allowedList(`/proc/${pid}/task/${tid}/status`)));
    return [...lists].join(' | ');
  } catch {
    return 'unknown';
  }
}

/** Why the pinned mode cannot run here, or undefined when it can. */
export function pinningUnavailable(): string | undefined {
  const probe = spawnSync(TASKSET, ['-p', String(process.pid)], { encoding: 'utf8' });
  if (probe.error) return `taskset is missing (${probe.error.message}); install util-linux to measure pinned`;
  if (probe.status !== 0) return `taskset failed: ${probe.stderr.trim()}`;
  const allowed = parseCpuList(allowedList('/proc/self/status'));
  if (!allowed.includes(0) || !allowed.includes(1)) return `pinning needs CPUs 0 and 1; this process may only use ${allowed.join(',')}`;
  return undefined;
}

/** `command args` as it runs on `cpus` (through `taskset -c`), or as it is. */
export function onCpus(cpus: string | undefined, command: string, args: string[]): { command: string; args: string[] } {
  return cpus ? { command: TASKSET, args: ['-c', cpus, command, ...args] } : { command, args };
}

/**
 * Moves every thread of this process onto `cpus` (threads started later inherit it); returns how
 * to put them back where they were.
 */
export function pinThisProcess(cpus: string): () => void {
  const before = allowedList('/proc/self/status');
  const pin = (list: string): void => {
    const result = spawnSync(TASKSET, ['-a', '-p', '-c', list, String(process.pid)], { encoding: 'utf8' });
    if (result.error || result.status !== 0) throw new Error(`taskset -a -p -c ${list} failed: ${result.error?.message ?? result.stderr.trim()}`);
  };
  pin(cpus);
  return () => pin(before);
}
