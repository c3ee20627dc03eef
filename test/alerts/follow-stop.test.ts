import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { followStop, type StopDone, stopFollowPlace } from '../../src/alerts/follow-stop';
import type { StopFollow } from '../../src/alerts/follows';
import type { Job } from '../../src/jobs/job';
import type { ActionResult } from '../../src/jobs/perform-action';
import { STOP_FOLLOW_MS } from '../../src/jobs/stop-settlement';
import { createLogger, silentLogger } from '../../src/logging/logger';
import { openDatabase, type SqliteDatabase } from '../../src/store/database';
import { FollowRepository } from '../../src/store/follow-repository';

const NOW = new Date('2024-06-10T12:00:00Z');
const running: Job = { id: 7, command: 'COMPACT', status: 'RUNNING', startTime: new Date('2024-06-10T11:00:00Z'), stopTime: null };
const stopped: Job = { ...running, status: 'STOPPED', stopTime: NOW };
const ref = { cluster: 'prod', space: 'nba', jobId: 7 };
const dm = { channel: 'U1', threadTs: null };

function stopDone(result: ActionResult): StopDone {
  return { ref, result, actorId: 'U1', approverId: null, place: dm };
}

describe('stopFollowPlace', () => {
  it('tells the follow-through in the thread of a message the bot can reply to', () => {
    expect(stopFollowPlace('U1', { channel: 'C1', ts: '111.222', ephemeral: false })).toEqual({ channel: 'C1', threadTs: '111.222' });
  });

  it("tells it in the person's messages with the bot for an ephemeral message, or none", () => {
    expect(stopFollowPlace('U1', { channel: 'C1', ts: '111.222', ephemeral: true })).toEqual(dm);
    expect(stopFollowPlace('U1', null)).toEqual(dm);
  });
});

describe('followStop', () => {
  let dir: string;
  let db: SqliteDatabase;
  let follows: FollowRepository;
  const deps = () => ({ follows, now: () => NOW, logger: silentLogger });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nebula-jobs-follow-stop-'));
    db = openDatabase(join(dir, 'bot.db'));
    follows = new FollowRepository(db);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('follows an executed stop for STOP_FOLLOW_MS, told where asked', () => {
    const place = { channel: 'C1', threadTs: '111.222' };
    const follow = followStop(deps(), { ref, result: { result: 'executed', before: running, after: stopped }, actorId: 'U1', approverId: 'U2', place });
    expect(follow).toEqual({ ...ref, userId: 'U1', approverId: 'U2', notify: place, startedAt: NOW, until: new Date(NOW.getTime() + STOP_FOLLOW_MS) });
    const [recorded] = follows.all() as StopFollow[];
    expect(follows.count()).toBe(1);
    expect(recorded).toMatchObject({ kind: 'stop', ...ref, userId: 'U1', approverId: 'U2', notify: place, startedAt: NOW, until: follow?.until, warnedAt: null });
  });

  it('follows a stop whose answer was lost when the job shows STOPPED, and only then', () => {
    expect(followStop(deps(), stopDone({ result: 'outcome-unknown', reason: 'timeout', before: running, after: stopped }))).not.toBeNull();
    expect(followStop(deps(), stopDone({ result: 'outcome-unknown', reason: 'timeout', before: running, after: running }))).toBeNull();
    expect(follows.count()).toBe(1);
  });

  it('follows nothing when the stop did not happen', () => {
    expect(followStop(deps(), stopDone({ result: 'refused', reason: 'already stopped', before: stopped }))).toBeNull();
    expect(followStop(deps(), stopDone({ result: 'refused-by-server', reason: 'no', before: running, after: running }))).toBeNull();
    expect(follows.count()).toBe(0);
  });

  it('records a second stop of a job already followed once', () => {
    const executed: ActionResult = { result: 'executed', before: running, after: stopped };
    followStop(deps(), stopDone(executed));
    followStop(deps(), stopDone(executed));
    expect(follows.count()).toBe(1);
  });

  it('says nothing is followed, and logs why, when the follow cannot be recorded', () => {
    const lines: string[] = [];
    const logger = createLogger({ write: (line) => lines.push(line) });
    db.close(); // the database can no longer be written
    const follow = followStop({ follows, now: () => NOW, logger }, stopDone({ result: 'executed', before: running, after: stopped }));
    expect(follow).toBeNull();
    expect(lines.map((line) => JSON.parse(line))).toEqual([expect.objectContaining({ level: 'warn', msg: 'follow.stop_not_recorded', space: 'nba', job: 7 })]);
    db = openDatabase(join(dir, 'bot.db'));
  });
});
