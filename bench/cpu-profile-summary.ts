import { relative } from 'node:path';

/** The parts of a V8 .cpuprofile (what `node --cpu-prof` writes) read here. */
export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }>;
  /** Microseconds on the machine's monotonic clock, the one process.hrtime reads. */
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  name: string;
  /** Microseconds of CPU per request, sampled. */
  usPerRequest: number;
  /** Share of the thread's busy (non-idle) time. */
  share: number;
}

export interface ProfileSummary {
  windowMs: number;
  requests: number;
  /** CPU the thread was busy per request (everything but "(idle)"). */
  busyUsPerRequest: number;
  busyShare: number;
  gcUsPerRequest: number;
  functions: SelfTime[];
  modules: SelfTime[];
  /**
   * Each sample charged to the package or bot file nearest it on the stack, so Node's and V8's
   * work (HTTP, streams, crypto…) counts for whoever asked for it.
   */
  byCaller: SelfTime[];
  /** Each sample charged to the bot's own function nearest it on the stack (inclusive). */
  nearestBotFrame: SelfTime[];
}

const SPECIAL = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

/** Which package, Node module or bot file a frame belongs to. */
export function moduleOf(url: string, functionName: string, root: string): string {
  if (!url) return SPECIAL.has(functionName) ? functionName : '(V8 builtins and natives)';
  if (url.startsWith('node:internal/deps/undici')) return 'node:undici (fetch)';
  if (url.startsWith('node:')) return url.split('/').slice(0, 2).join('/');
  const path = url.replace(/^file:\/\//, '');
  const inPackage = /.*node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (inPackage) return inPackage[1];
  return `bot:${relative(root, path)}`;
}

/** Where a frame's code is: node:…, the package's file, or the bot's file. */
function fileOf(url: string, root: string): string {
  if (url.startsWith('node:')) return url;
  const path = url.replace(/^file:\/\//, '');
  const inPackage = /.*node_modules\/(.*)/.exec(path);
  return inPackage ? inPackage[1] : relative(root, path);
}

function frameName(frame: CpuProfile['nodes'][number]['callFrame'], root: string): string {
  const where = frame.url ? ` ${fileOf(frame.url, root)}:${frame.lineNumber + 1}` : '';
  return `${frame.functionName || '(anonymous)'}${where}`;
}

function top(totals: Map<string, number>, requests: number, busyUs: number, limit: number): SelfTime[] {
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, us]) => ({ name, usPerRequest: Math.round(us / requests), share: Math.round((us / busyUs) * 1000) / 1000 }));
}

/**
 * Self time per function and per module over the samples taken between `fromUs` and `toUs`
 * (process.hrtime in µs), per request. `root` is the repository, to name the bot's own files.
 */
export function summarise(profile: CpuProfile, fromUs: number, toUs: number, requests: number, root: string, limit = 25): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const isBot = (id: number): boolean => moduleOf(byId.get(id)!.callFrame.url, '', root).startsWith('bot:dist/');
  const nearestBot = new Map<number, string>();
  const nearestBotOf = (id: number): string => {
    const known = nearestBot.get(id);
    if (known) return known;
    let at: number | undefined = id;
    while (at !== undefined && !isBot(at)) at = parent.get(at);
    const name = at === undefined ? '(no bot frame: Bolt, Node, V8)' : frameName(byId.get(at)!.callFrame, root);
    nearestBot.set(id, name);
    return name;
  };
  const isPackageOrBot = (id: number): boolean => {
    const { url } = byId.get(id)!.callFrame;
    return url !== '' && !url.startsWith('node:');
  };
  const callers = new Map<number, string>();
  const callerOf = (id: number): string => {
    const known = callers.get(id);
    if (known) return known;
    const { functionName } = byId.get(id)!.callFrame;
    let at: number | undefined = id;
    while (at !== undefined && !isPackageOrBot(at)) at = parent.get(at);
    const name = at !== undefined ? moduleOf(byId.get(at)!.callFrame.url, '', root) : SPECIAL.has(functionName) ? functionName : '(Node and V8, no package on the stack)';
    callers.set(id, name);
    return name;
  };

  const functions = new Map<string, number>();
  const modules = new Map<string, number>();
  const botFrames = new Map<string, number>();
  const byCaller = new Map<string, number>();
  let busyUs = 0;
  let gcUs = 0;
  let time = profile.startTime;
  for (let i = 0; i < profile.samples.length; i += 1) {
    time += profile.timeDeltas[i];
    // A sample stands for the time until the next one.
    const next = i + 1 < profile.samples.length ? time + profile.timeDeltas[i + 1] : profile.endTime;
    const us = Math.max(0, Math.min(next, toUs) - Math.max(time, fromUs));
    if (us === 0) continue;
    const node = byId.get(profile.samples[i])!;
    const { functionName, url } = node.callFrame;
    if (functionName === '(idle)') continue;
    busyUs += us;
    if (functionName === '(garbage collector)') gcUs += us;
    const add = (map: Map<string, number>, key: string): void => void map.set(key, (map.get(key) ?? 0) + us);
    add(functions, frameName(node.callFrame, root));
    add(modules, moduleOf(url, functionName, root));
    add(botFrames, nearestBotOf(node.id));
    add(byCaller, callerOf(node.id));
  }
  const windowUs = toUs - fromUs;
  return {
    windowMs: Math.round(windowUs / 1000),
    requests,
    busyUsPerRequest: Math.round(busyUs / requests),
    busyShare: Math.round((busyUs / windowUs) * 1000) / 1000,
    gcUsPerRequest: Math.round(gcUs / requests),
    functions: top(functions, requests, busyUs, limit),
    modules: top(modules, requests, busyUs, limit),
    byCaller: top(byCaller, requests, busyUs, limit),
    nearestBotFrame: top(botFrames, requests, busyUs, limit),
  };
}
