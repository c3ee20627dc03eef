import { actionOf, findElement, messageActionsPayload, slashCommandForm } from '../../src/playground/interaction-payloads';
import { Workspace } from '../../src/playground/workspace';

describe('what the playground sends the bot, shaped as Slack sends it', () => {
  const blocks = [
    {
      type: 'actions',
      block_id: 'filters',
      elements: [
        {
          type: 'static_select',
          action_id: 'status',
          options: [
            { text: { type: 'plain_text', text: 'All' }, value: 'ALL' },
            { text: { type: 'plain_text', text: 'FAILED' }, value: 'FAILED' },
          ],
          initial_option: { text: { type: 'plain_text', text: 'All' }, value: 'ALL' },
        },
        { type: 'button', action_id: 'stop', text: { type: 'plain_text', text: 'Stop' }, style: 'danger', value: 'demo_social:7' },
      ],
    },
  ];

  it('sends a slash command with the fields Slack sends', () => {
    expect(slashCommandForm({ userId: 'U0PLAYADA', channelId: 'C0PLAYOPS', command: '/nebula-jobs', text: 'list', responseUrl: 'http://r', triggerId: 't' })).toEqual({
      token: expect.any(String),
      team_id: 'T0PLAYGRND',
      team_domain: 'nebula-playground',
      channel_id: 'C0PLAYOPS',
      channel_name: 'ops',
      user_id: 'U0PLAYADA',
      user_name: 'ada',
      command: '/nebula-jobs',
      text: 'list',
      api_app_id: 'A0PLAYJOBS',
      is_enterprise_install: 'false',
      response_url: 'http://r',
      trigger_id: 't',
    });
  });

  it('sends a button click in a channel message with the message, and a select in an ephemeral one without it', () => {
    const workspace = new Workspace();
    const shared = workspace.post({ channel: 'C0PLAYAPPROVE', author: { kind: 'bot' }, text: 'approve?', blocks });
    const button = actionOf(findElement(shared.blocks, 'filters', 'stop')!, undefined, '1.5');
    const payload = messageActionsPayload({ userId: 'U0PLAYLI', message: shared, action: button!, responseUrl: 'http://r', triggerId: 't' });
    expect(payload).toMatchObject({
      type: 'block_actions',
      user: { id: 'U0PLAYLI', username: 'li', team_id: 'T0PLAYGRND' },
      team: { id: 'T0PLAYGRND' },
      channel: { id: 'C0PLAYAPPROVE', name: 'approvals' },
      container: { type: 'message', message_ts: shared.ts, channel_id: 'C0PLAYAPPROVE', is_ephemeral: false },
      message: { ts: shared.ts, text: 'approve?', blocks: shared.blocks, bot_id: 'B0PLAYBOT' },
      response_url: 'http://r',
      trigger_id: 't',
      actions: [{ type: 'button', action_id: 'stop', block_id: 'filters', value: 'demo_social:7', style: 'danger', text: { type: 'plain_text', text: 'Stop' }, action_ts: '1.5' }],
    });

    const mine = workspace.post({ channel: 'C0PLAYOPS', author: { kind: 'bot' }, text: 'list', blocks, visibleTo: 'U0PLAYADA' });
    const select = actionOf(findElement(mine.blocks, 'filters', 'status')!, 'FAILED', '2.5');
    const ephemeral = messageActionsPayload({ userId: 'U0PLAYADA', message: mine, action: select!, responseUrl: 'http://r', triggerId: 't' });
    expect(ephemeral.message).toBeUndefined();
    expect(ephemeral).toMatchObject({
      container: { type: 'message', message_ts: mine.ts, channel_id: 'C0PLAYOPS', is_ephemeral: true },
      state: { values: { filters: { status: { type: 'static_select', selected_option: { value: 'FAILED' } } } } },
      actions: [{ type: 'static_select', action_id: 'status', block_id: 'filters', selected_option: { text: { type: 'plain_text', text: 'FAILED' }, value: 'FAILED' } }],
    });
  });

  it('clicks only what the message shows: an option it offers, an element it has', () => {
    expect(findElement(blocks, 'filters', 'recover')).toBeUndefined();
    expect(findElement(blocks, 'elsewhere', 'stop')).toBeUndefined();
    expect(actionOf(findElement(blocks, 'filters', 'status')!, 'RUNNING', '1')).toBeUndefined();
  });
});
