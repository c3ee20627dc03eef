/**
 * What changes between graphd 3.0 and 3.8 for the statements the fake answers (read from the
 * vesoft-inc/nebula tags v3.0.0 … v3.8.0: SubmitJobExecutor.cpp, JobManager.cpp, MetaClient.cpp):
 *
 * | from | change |
 * |------|--------|
 * | 3.1  | SHOW JOB gains the `Error Code` column (job code; task rows: each task's own code) |
 * | 3.1  | an unknown job id reads `Job not existed in chosen space!` (3.0: `Key not existed!`, or `Job not in chosen space!` for another space's job) |
 * | 3.3  | SHOW JOB: summary row; task rows carry the JOB's code, blank while E_JOB_SUBMITTED |
 * | 3.3  | SHOW JOBS labels ZONE_BALANCE as DATA_BALANCE |
 * | 3.3  | STOP: E_JOB_NOT_STOPPABLE for live COMPACT/FLUSH/… executors, E_JOB_ALREADY_FINISH text, a FAILED balance job can be stopped; before: `Save job failure!` for FINISHED/FAILED |
 * | 3.4  | balance SHOW JOB times are DateTime values (before: text, EMPTY as `__EMPTY__`) |
 * | 3.4  | USE of an unknown space: ``SpaceNotFound: SpaceName `x` `` (before: `SpaceNotFound: `) |
 * | 3.4  | a FAILED/STOPPED job with no start time is kept (before: expired at once) |
 *
 * 3.0 also answers a STOP of a job with no live executor (QUEUE, orphaned) with `Unknown error!`
 * after saving it STOPPED; 3.1–3.2 set a stopped job's code to SUCCEEDED.
 */
export class GraphdVersion {
  readonly major: number;
  readonly minor: number;

  constructor(readonly text: string) {
    // Release builds report the tag without its `v` ("3.8.0"); nightlies a date ("2024.05.31-nightly").
    const match = /^v?(\d+)\.(\d+)/.exec(text);
    if (!match) throw new Error(`fake graphd: cannot read version ${JSON.stringify(text)}`);
    this.major = Number(match[1]);
    this.minor = Number(match[2]);
  }

  atLeast(major: number, minor: number): boolean {
    return this.major > major || (this.major === major && this.minor >= minor);
  }

  get showJobHasErrorCode(): boolean {
    return this.atLeast(3, 1);
  }

  get showJobHasSummary(): boolean {
    return this.atLeast(3, 3);
  }

  get taskRowsShowJobCode(): boolean {
    return this.atLeast(3, 3);
  }

  get labelsZoneBalanceAsData(): boolean {
    return this.atLeast(3, 3);
  }

  get stopChecksExecutor(): boolean {
    return this.atLeast(3, 3);
  }

  get jobsKeyedBySpace(): boolean {
    return this.atLeast(3, 1);
  }

  get balanceTimesAsDateTime(): boolean {
    return this.atLeast(3, 4);
  }

  get spaceNotFoundNamesSpace(): boolean {
    return this.atLeast(3, 4);
  }

  get keepsJobsWithoutStartTime(): boolean {
    return this.atLeast(3, 4);
  }
}

/** `git rev-parse --short` of each release tag: what SHOW HOSTS shows as Git Info Sha. */
export const RELEASE_GIT_SHA: Record<string, string> = {
  '3.0.0': '02b2091',
  '3.1.0': '33fd35e',
  '3.2.0': 'ef6d6a0',
  '3.3.0': 'c9f84b1',
  '3.4.0': 'db3c1b3',
  '3.5.0': '18fd7b1',
  '3.6.0': 'de9b3ed',
  '3.8.0': 'fa92893',
};
