import { compareVersions, parseRelease, releaseNotes, taskRowsShowJobCode, withOwnTaskCodes } from '../../src/jobs/graphd-release';
import type { JobDetail, JobTask } from '../../src/jobs/job';

const task = (host: string, status: string, errorCode: string | null): JobTask => ({ taskId: host.slice(-1), host, status, startTime: null, stopTime: null, errorCode });

/** A FAILED STATS job as SHOW JOB shows it: since 3.3 every task row carries the job's code. */
function detail(codes: Array<string | null>): JobDetail {
  const statuses = ['FINISHED', 'FAILED', 'FAILED'];
  return {
    job: { id: 7, command: 'STATS', status: 'FAILED', startTime: null, stopTime: null },
    errorCode: 'E_RPC_FAILURE',
    layout: 'storage',
    tasks: codes.map((code, i) => task(`storaged${i}`, statuses[i], code)),
    summary: null,
  };
}

describe('graphd releases', () => {
  it('reads release numbers, not nightly dates or blanks', () => {
    expect(parseRelease('3.8.0')).toEqual({ major: 3, minor: 8 });
    expect(parseRelease('v3.5.1')).toEqual({ major: 3, minor: 5 });
    expect(parseRelease('3.8.0-ent')).toEqual({ major: 3, minor: 8 });
    expect(parseRelease('2024.05.31-nightly')).toBeNull();
    expect(parseRelease('')).toBeNull();
    expect(parseRelease(null)).toBeNull();
  });

  it('orders versions by their numbers', () => {
    expect(['3.10.0', '3.8.1', '3.8.0', 'v3.9.0', ''].sort(compareVersions)).toEqual(['', '3.8.0', '3.8.1', 'v3.9.0', '3.10.0']);
  });

  it("takes task error codes for the job's since 3.3, and for the tasks' own before", () => {
    const repeated = detail(['E_RPC_FAILURE', 'E_RPC_FAILURE', 'E_RPC_FAILURE']);
    const own = detail(['SUCCEEDED', 'E_RPC_FAILURE', 'E_TASK_EXECUTION_FAILED']);
    expect(taskRowsShowJobCode(repeated, '3.8.0')).toBe(true);
    expect(taskRowsShowJobCode(own, '3.3.0')).toBe(true);
    expect(taskRowsShowJobCode(repeated, '3.2.0')).toBe(false);
    expect(withOwnTaskCodes(repeated, '3.8.0').tasks.map((t) => t.errorCode)).toEqual([null, null, null]);
    expect(withOwnTaskCodes(own, '3.2.0')).toBe(own);
  });

  it("reads the column when the release is unknown: every task repeating the job's code is the job's code", () => {
    expect(taskRowsShowJobCode(detail(['E_RPC_FAILURE', 'E_RPC_FAILURE', 'E_RPC_FAILURE']), null)).toBe(true);
    expect(taskRowsShowJobCode(detail(['SUCCEEDED', 'E_RPC_FAILURE', 'E_TASK_EXECUTION_FAILED']), '2024.05.31-nightly')).toBe(false);
    expect(taskRowsShowJobCode(detail([]), null)).toBe(false);
  });

  it('has no notes for 3.4–3.8, and says which rules an older or newer server does not follow', () => {
    for (const version of ['3.4.0', '3.6.0', '3.8.0']) expect(releaseNotes(version)).toEqual([]);
    const v33 = releaseNotes('3.3.0');
    expect(v33).toEqual([expect.stringContaining('before 3.4: RECOVER does not check expiry'), expect.stringContaining('without a start time expires at once')]);
    const v32 = releaseNotes('3.2.0');
    expect(v32).toEqual(
      expect.arrayContaining([
        "before 3.3: each task row shows the task's own error code (shown per task), not the job's.",
        expect.stringContaining('before 3.3: STOP of a running COMPACT, FLUSH'),
        expect.stringContaining('before 3.4: RECOVER does not check expiry'),
      ]),
    );
    const v30 = releaseNotes('3.0.2');
    expect(v30).toEqual(expect.arrayContaining([expect.stringContaining('3.0: SHOW JOB has no Error Code column')]));
    expect(v30.join('\n')).not.toContain("task's own error code");
    expect(releaseNotes('3.9.0')).toEqual([expect.stringContaining('newer than 3.8')]);
    expect(releaseNotes(null)).toEqual([expect.stringContaining('graphd did not report its version')]);
    expect(releaseNotes('2024.05.31-nightly')).toEqual([expect.stringContaining('"2024.05.31-nightly", which is not a release number')]);
  });
});
