import { mrkdwnToHtml, type Names, plainToHtml } from '../../../src/playground/render/mrkdwn';

const names: Names = {
  user: (id) => ({ U0ADA: 'Ada', U0BOT: 'nebula-jobs' })[id],
  channel: (id) => ({ C0OPS: 'ops' })[id],
  userGroup: (id) => ({ S0ONCALL: 'oncall' })[id],
};
const html = (text: string): string => mrkdwnToHtml(text, names);

describe('mrkdwn as the playground shows it', () => {
  it('formats bold, italic, strike, code and pre, leaving words with markers inside alone', () => {
    expect(html('*Status:* all · _note_ ~old~')).toBe('<strong>Status:</strong> all · <em>note</em> <del>old</del>');
    expect(html('space demo_social_x and 2*3*4')).toBe('space demo_social_x and 2*3*4');
    expect(html('run `list *not bold*` now')).toBe('run <code class="mk-code">list *not bold*</code> now');
    expect(html('```\nline 1\n*x*\n```')).toBe('<pre class="mk-pre">line 1\n*x*\n</pre>');
    expect(html('*Failed tasks*\n• Task 2')).toBe('<strong>Failed tasks</strong><br>• Task 2');
  });

  it('shows mentions, channels and groups by name, with the given label or the id as fallback', () => {
    expect(html('<@U0ADA> asked <!subteam^S0ONCALL> in <#C0OPS>')).toBe(
      '<span class="mk-mention">@Ada</span> asked <span class="mk-mention">@oncall</span> in <span class="mk-channel">#ops</span>',
    );
    expect(html('<@U0NOBODY> in <#C0ELSE|elsewhere>, <!here>')).toBe(
      '<span class="mk-mention">@U0NOBODY</span> in <span class="mk-channel">#elsewhere</span>, <span class="mk-mention">@here</span>',
    );
    expect(html('*Requested by*\n<@U0ADA>')).toBe('<strong>Requested by</strong><br><span class="mk-mention">@Ada</span>');
  });

  it("leaves dates for the page to show in the viewer's zone, with Slack's fallback text meanwhile", () => {
    expect(html('started <!date^1700000000^{date_short_pretty} {time}|2023-11-14 22:13 UTC>')).toBe(
      'started <time class="mk-date" data-ts="1700000000" data-format="{date_short_pretty} {time}" title="2023-11-14 22:13 UTC">2023-11-14 22:13 UTC</time>',
    );
  });

  it('makes http(s) and mailto links only', () => {
    expect(html('<https://example.com/a?b=1&amp;c=2|the docs>')).toBe(
      '<a class="mk-link" href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">the docs</a>',
    );
    expect(html('<javascript:alert(1)|click>')).toBe('click');
  });

  it("shows Slack's entities as characters and escapes everything as HTML", () => {
    expect(html('a &lt;b&gt; &amp;amp; "c" \'d\'')).toBe('a &lt;b&gt; &amp;amp; &quot;c&quot; &#39;d&#39;');
    expect(html('`&lt;script&gt;alert(1)&lt;/script&gt;`')).toBe('<code class="mk-code">&lt;script&gt;alert(1)&lt;/script&gt;</code>');
    expect(html('<@U0ADA|<img src=x onerror=alert(1)>>')).not.toContain('<img');
    expect(html('&gt; quoted\nnot')).toBe('<span class="mk-quote">quoted</span><br>not');
  });

  it('turns the emoji shortcodes the bot uses into emoji, and leaves unknown ones and times alone', () => {
    expect(html(':x: FAILED :octagonal_sign: :white_check_mark: :hourglass_flowing_sand: :arrows_counterclockwise: :recycle: :lock: :warning: :bell:')).toBe(
      '❌ FAILED 🛑 ✅ ⏳ 🔄 ♻️ 🔒 ⚠️ 🔔',
    );
    expect(html(':not_an_emoji: at 10:02:30')).toBe(':not_an_emoji: at 10:02:30');
    expect(plainToHtml('🔴 Job 1 <b> :x:')).toBe('🔴 Job 1 &lt;b&gt; ❌');
    expect(plainToHtml(':x:', false)).toBe(':x:');
  });
});
