import type { JobDetail } from './job';

/**
 * The graphd releases the bot's rules were read from (3.4–3.8, docs/nebula-graphd.md), and what
 * older ones do differently. The bot keeps the 3.4–3.8 rules whatever the server; it only says
 * which of them an older server does not follow, and reads task error codes as the server wrote them.
 */

export interface Release {
  major: number;
  minor: number;
}

/**
 * "3.8.0" (release builds print the tag without its `v`), "v3.5.1", "3.8.0-ent". A nightly build
 * prints a date ("2024.05.31-nightly") and a build without a version prints nothing: not releases.
 */
export function parseRelease(version: string | null): Release | null {
  const match = /^v?(\d{1,2})\.(\d{1,3})(?:\.\d+)?/.exec(version?.trim() ?? '');
  return match ? { major: Number(match[1]), minor: Number(match[2]) } : null;
}

function atLeast(release: Release, major: number, minor: number): boolean {
  return release.major > major || (release.major === major && release.minor >= minor);
}

/** Orders version texts by their numbers ("3.10.0" after "3.8.1"); text without numbers sorts first. */
export function compareVersions(a: string, b: string): number {
  const parts = (text: string): number[] => (/^v?(\d+(?:\.\d+)*)/.exec(text.trim())?.[1] ?? '').split('.').filter(Boolean).map(Number);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i += 1) {
    const diff = (x[i] ?? -1) - (y[i] ?? -1);
    if (diff !== 0) return diff;
  }
  return 0;
}

/**
 * Whether the Error Code of SHOW JOB's task rows is the job's code rather than the task's own:
 * since 3.3 graphd writes the job's code on every task row. When the release is not known, a
 * column in which every task repeats the job's code is taken for the job's code.
 */
export function taskRowsShowJobCode(detail: JobDetail, version: string | null): boolean {
  const release = parseRelease(version);
  if (release) return atLeast(release, 3, 3);
  return detail.tasks.length > 0 && detail.errorCode !== null && detail.tasks.every((task) => task.errorCode === detail.errorCode);
}

/**
 * The detail with only the task error codes that are the tasks' own: where the server wrote the
 * job's code on every task row, a task's code is not known (the job's is shown once, as the job's).
 */
export function withOwnTaskCodes(detail: JobDetail, version: string | null): JobDetail {
  if (!taskRowsShowJobCode(detail, version)) return detail;
  return { ...detail, tasks: detail.tasks.map((task) => ({ ...task, errorCode: null })) };
}

const UNSTOPPABLE_KINDS = 'COMPACT, FLUSH, DOWNLOAD, INGEST, LEADER_BALANCE or REBUILD_FULLTEXT_INDEX';

/**
 * Plain words on what a server outside 3.4–3.8 does differently from the rules the bot applies
 * (for the connect log and /healthz); empty for 3.4–3.8.
 */
export function releaseNotes(version: string | null): string[] {
  const release = parseRelease(version);
  if (!release) {
    const what = version?.trim() ? `graphd reports version "${version.trim()}", which is not a release number` : 'graphd did not report its version (SHOW HOSTS GRAPH)';
    return [`${what}: the bot applies the rules of NebulaGraph 3.4–3.8, and reads task error codes as the job's when every task row repeats the job's code.`];
  }
  const v = `${release.major}.${release.minor}`;
  if (release.major > 3 || (release.major === 3 && release.minor > 8)) {
    return [`NebulaGraph ${v} is newer than 3.8: the bot applies the rules of 3.4–3.8, which were not checked against this release.`];
  }
  if (release.major < 3) return [`NebulaGraph ${v} is older than 3.0: the bot was built for the job statements of 3.x and may misread this server.`];
  const notes: string[] = [];
  if (!atLeast(release, 3, 1)) {
    notes.push(
      `${v}: SHOW JOB has no Error Code column, so details and alerts show no error codes.`,
      `${v}: job ids are global and one job runs at a time in the whole cluster, not one per space.`,
      `${v}: stopping a queued job answers an error although metad saves it STOPPED; look at the job again after such an error.`,
    );
  }
  if (!atLeast(release, 3, 3)) {
    if (atLeast(release, 3, 1)) notes.push(`before 3.3: each task row shows the task's own error code (shown per task), not the job's.`);
    notes.push(
      `before 3.3: STOP of a running ${UNSTOPPABLE_KINDS} job is accepted and the job shows STOPPED, but storaged keeps running it.`,
      'before 3.3: a FAILED BALANCE DATA job cannot be stopped, and stopping a FINISHED or FAILED job answers "Save job failure!".',
      'before 3.3: a recovered job keeps its FAILED or STOPPED status until it runs again.',
    );
  }
  if (!atLeast(release, 3, 4)) {
    notes.push(
      'before 3.4: RECOVER does not check expiry, so a job older than --job_expired_secs that SHOW JOBS has not yet removed can still be recovered.',
      'before 3.4: a FAILED or STOPPED job without a start time expires at once.',
    );
  }
  return notes;
}
