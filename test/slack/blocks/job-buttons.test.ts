import type { Approval } from '../../../src/access/approvals';
import type { Job } from '../../../src/jobs/job';
import { approvalRequestMessage } from '../../../src/slack/blocks/approval';
import { jobActionConfirmMessage } from '../../../src/slack/blocks/job-action-confirm';
import { jobActionButtons } from '../../../src/slack/blocks/job-buttons';
import { expectValidMessage } from '../../support/slack-fake';

const running = (command: string): Job => ({ id: 2147483647, command, status: 'RUNNING', startTime: new Date('2024-06-10T11:00:00Z'), stopTime: null });
const confirmText = (space: string, job: Job): string => {
  const [button] = jobActionButtons({ cluster: 'default', space }, job, ['stop'], { kind: 'detail' });
  return (button.confirm as { text: { text: string } }).text.text;
};

describe('Stop behind its confirm dialog', () => {
  it('warns, where graphd will probably refuse, that it may, and that a stuck job is stopped', () => {
    const text = confirmText('nba', running('COMPACT'));
    expect(text).toContain('Stop `COMPACT` job 2147483647 in `nba`?');
    expect(text).toContain('NebulaGraph will probably refuse: it cannot stop a COMPACT job while metad runs it.');
    expect(text).toContain('STOP is accepted');
    expect(confirmText('nba', running('STATS'))).toContain('It becomes STOPPED; a stopped job can be recovered later.');
  });

  it("stays within the dialog's 300 characters with the longest space name", () => {
    const text = confirmText('é'.repeat(128), running('REBUILD_FULLTEXT_INDEX'));
    expect([...text].length).toBeLessThanOrEqual(300);
  });

  it("says so in the typed command's confirmation too", () => {
    const message = jobActionConfirmMessage({ cluster: 'default', space: 'nba', job: running('FLUSH'), action: 'stop' });
    expectValidMessage(message);
    expect(JSON.stringify(message.blocks)).toContain(':warning: NebulaGraph will probably refuse: it cannot stop a FLUSH job while metad runs it.');
    expect(message.text).toContain('will probably refuse');
    const plain = jobActionConfirmMessage({ cluster: 'default', space: 'nba', job: running('STATS'), action: 'stop' });
    expect(JSON.stringify(plain)).not.toContain('probably refuse');
  });

  it('says so in the approval request an admin answers, in the same words, only for a stop', () => {
    const approval = (action: 'stop' | 'recover'): Approval => ({
      id: '6f1c0c52-0f7e-4d6b-9a55-1b8b8c6f2c11',
      action,
      cluster: 'default',
      space: 'nba',
      jobId: 2147483647,
      requesterId: 'U1',
      requestedIn: 'C1',
      requesterResponseUrl: null,
      requesterContext: null,
      status: 'pending',
      createdAt: new Date('2024-06-10T12:00:00Z'),
      expiresAt: new Date('2024-06-10T12:30:00Z'),
      decidedBy: null,
      decidedAt: null,
      detail: null,
      message: null,
    });
    const warned = approvalRequestMessage(approval('stop'), running('REBUILD_FULLTEXT_INDEX'));
    expectValidMessage(warned);
    const warning = 'NebulaGraph will probably refuse: it cannot stop a REBUILD_FULLTEXT_INDEX job while metad runs it.';
    expect(confirmText('nba', running('REBUILD_FULLTEXT_INDEX'))).toContain(warning);
    expect(JSON.stringify(warned.blocks)).toContain(`:warning: ${warning}`);
    expect(JSON.stringify(approvalRequestMessage(approval('stop'), running('STATS')))).not.toContain('probably refuse');
    expect(JSON.stringify(approvalRequestMessage(approval('stop'), { ...running('COMPACT'), status: 'QUEUE', startTime: null }))).not.toContain('probably refuse');
    expect(JSON.stringify(approvalRequestMessage(approval('stop'), null))).not.toContain('probably refuse');
  });
});
