import { blockHtml, messageBodyHtml } from '../../../src/playground/render/blocks';
import type { Names } from '../../../src/playground/render/mrkdwn';

const names: Names = { user: (id) => (id === 'U0ADA' ? 'Ada' : undefined), channel: () => undefined, userGroup: () => undefined };
const plain = (text: string) => ({ type: 'plain_text', text, emoji: true });

describe('Block Kit as the playground shows it', () => {
  it('draws a header, a section with fields and an accessory button, a context and a divider', () => {
    const html = messageBodyHtml(
      'fallback',
      [
        { type: 'header', block_id: 'h', text: plain(':x: Job 7 FAILED') },
        {
          type: 'section',
          block_id: 's',
          fields: [{ type: 'mrkdwn', text: '*Command*\n`STATS`' }],
          accessory: { type: 'button', action_id: 'details', text: plain('Details'), value: 'v' },
        },
        {
          type: 'context',
          block_id: 'c',
          elements: [
            { type: 'mrkdwn', text: 'by <@U0ADA>' },
            { type: 'plain_text', text: 'two' },
          ],
        },
        { type: 'divider', block_id: 'd' },
      ],
      names,
    );
    expect(html).toBe(
      '<div class="blk blk-header">❌ Job 7 FAILED</div>' +
        '<div class="blk blk-section"><div class="blk-section-main"><div class="blk-fields"><div class="blk-field"><strong>Command</strong><br><code class="mk-code">STATS</code></div></div></div>' +
        '<div class="blk-accessory"><button type="button" class="blk-button" data-block-id="s" data-action-id="details">Details</button></div></div>' +
        '<div class="blk blk-context"><span class="blk-context-text">by <span class="mk-mention">@Ada</span></span><span class="blk-context-text">two</span></div>' +
        '<hr class="blk blk-divider">',
    );
  });

  it('draws buttons with their style and confirm dialog, and selects showing their initial option', () => {
    const html = blockHtml(
      {
        type: 'actions',
        block_id: 'list-filters:"x"',
        elements: [
          {
            type: 'button',
            action_id: 'stop',
            text: plain('Stop'),
            style: 'danger',
            value: '1',
            confirm: { title: plain('Stop job 1?'), text: { type: 'mrkdwn', text: 'Stop `STATS` <job>?' }, confirm: plain('Stop job'), deny: plain('Cancel'), style: 'danger' },
          },
          {
            type: 'static_select',
            action_id: 'status',
            placeholder: plain('Status'),
            options: [
              { text: plain('All statuses'), value: 'ALL' },
              { text: plain('FAILED'), value: 'FAILED' },
            ],
            initial_option: { text: plain('FAILED'), value: 'FAILED' },
          },
          { type: 'static_select', action_id: 'range', placeholder: plain('Time range'), options: [{ text: plain('Last day'), value: '1d' }] },
        ],
      },
      names,
    );
    expect(html).toContain('<button type="button" class="blk-button blk-danger" data-block-id="list-filters:&quot;x&quot;" data-action-id="stop" data-confirm="');
    const confirm = /data-confirm="([^"]*)"/.exec(html)?.[1] ?? '';
    expect(
      JSON.parse(
        confirm
          .replace(/&quot;/g, '"')
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&#39;/g, "'")
          .replace(/&amp;/g, '&'),
      ),
    ).toEqual({
      title: 'Stop job 1?',
      html: 'Stop <code class="mk-code">STATS</code> job?',
      confirm: 'Stop job',
      deny: 'Cancel',
      style: 'danger',
    });
    expect(html).toContain('data-action-id="status"><option value="ALL">All statuses</option><option value="FAILED" selected>FAILED</option></select>');
    expect(html).toContain('data-action-id="range"><option value="" disabled selected>Time range</option><option value="1d">Last day</option></select>');
  });

  it('shows a message without blocks by its text, and what it cannot draw as a note', () => {
    expect(messageBodyHtml('*hi* <@U0ADA>', [], names)).toBe('<div class="blk blk-text"><strong>hi</strong> <span class="mk-mention">@Ada</span></div>');
    expect(blockHtml({ type: 'video', block_id: 'v' }, names)).toBe('<div class="blk blk-unsupported">[video block: not shown in the playground]</div>');
    expect(blockHtml({ type: 'actions', block_id: 'a', elements: [{ type: 'datepicker', action_id: 'd' }] }, names)).toContain('[datepicker: not shown in the playground]');
  });
});
