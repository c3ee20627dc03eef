/*
 * The playground page: a small Slack-like client for the local stand-in. The server renders each
 * message's Block Kit to HTML and pushes changes over Server-Sent Events; this script lays them
 * out per channel, thread and user, and sends what people type and click back to the stand-in,
 * which signs it and delivers it to the bot as Slack would.
 */
(function () {
  'use strict';

  const state = {
    users: [],
    channels: [],
    spaces: [],
    command: '/nebula-jobs',
    messages: new Map(),
    homes: new Map(),
    userId: null,
    /** { kind: 'channel', id } or { kind: 'home' } */
    view: null,
    /** Key of the open thread's parent, or null. */
    thread: null,
    unread: new Map(),
  };

  const byId = (id) => document.getElementById(id);
  const keyOf = (m) => `${m.channel}/${m.ts}`;
  const isVisible = (m) => !m.visibleTo || m.visibleTo === state.userId;
  const isTopLevel = (m) => !m.threadTs || m.threadTs === m.ts;
  const userName = (id) => (state.users.find((u) => u.id === id) || {}).name || id;

  async function post(path, body) {
    try {
      const response = await fetch(`/playground/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      return await response.json();
    } catch (error) {
      return { ok: false, error: 'The playground server did not answer; is it still running?' };
    }
  }

  // ---- drawing -------------------------------------------------------------------------------

  function avatar(author) {
    const element = document.createElement('div');
    element.className = `msg-avatar avatar-${author.kind}`;
    if (author.kind === 'user') element.classList.add(`avatar-user-${state.users.findIndex((u) => u.id === author.id)}`);
    element.textContent = author.kind === 'bot' ? 'NJ' : author.kind === 'playground' ? '🧪' : author.name.slice(0, 1);
    element.setAttribute('aria-hidden', 'true');
    return element;
  }

  function messageElement(m, inThread) {
    const article = document.createElement('article');
    article.className = 'msg';
    if (m.visibleTo) article.classList.add('msg-ephemeral');
    if (m.author.kind === 'playground') article.classList.add('msg-playground');
    article.dataset.key = keyOf(m);
    article.dataset.channel = m.channel;
    article.dataset.ts = m.ts;
    article.message = m;

    const main = document.createElement('div');
    main.className = 'msg-main';
    const meta = document.createElement('div');
    meta.className = 'msg-meta';
    const author = document.createElement('span');
    author.className = 'msg-author';
    author.textContent = m.author.name;
    meta.append(author);
    if (m.author.kind !== 'user') {
      const tag = document.createElement('span');
      tag.className = 'msg-tag';
      tag.textContent = m.author.kind === 'bot' ? 'APP' : 'PLAYGROUND';
      meta.append(tag);
    }
    const time = document.createElement('time');
    time.className = 'msg-time';
    time.textContent = PlaygroundDates.formatSlackDate(Math.floor(Number(m.ts)), '{time}');
    meta.append(time);
    if (m.edited) {
      const edited = document.createElement('span');
      edited.className = 'msg-edited';
      edited.textContent = '(edited)';
      meta.append(edited);
    }
    if (m.visibleTo) {
      const only = document.createElement('span');
      only.className = 'msg-only-you';
      only.textContent = 'Only visible to you';
      meta.append(only);
    }
    const body = document.createElement('div');
    body.className = 'msg-body';
    body.innerHTML = m.html; // rendered and escaped by the stand-in
    PlaygroundDates.localizeDates(body);
    main.append(meta, body);
    if (!inThread && m.replyCount > 0) {
      const replies = document.createElement('button');
      replies.type = 'button';
      replies.className = 'msg-replies';
      replies.dataset.thread = keyOf(m);
      replies.textContent = m.replyCount === 1 ? '1 reply' : `${m.replyCount} replies`;
      main.append(replies);
    }
    article.append(avatar(m.author), main);
    return article;
  }

  /** Makes `container` show `messages` in order, keeping elements whose message did not change. */
  function drawList(container, messages, inThread) {
    const nearBottom = container.scrollHeight - container.scrollTop - container.clientHeight < 80;
    const existing = new Map([...container.querySelectorAll(':scope > article.msg')].map((el) => [el.dataset.key, el]));
    const wanted = new Set(messages.map(keyOf));
    for (const [key, element] of existing) if (!wanted.has(key)) element.remove();
    let grew = false;
    messages.forEach((m, index) => {
      let element = existing.get(keyOf(m));
      if (!element || element.message !== m) {
        const fresh = messageElement(m, inThread);
        if (element) element.replaceWith(fresh);
        else grew = true;
        element = fresh;
      }
      if (container.children[index] !== element) container.insertBefore(element, container.children[index] || null);
    });
    if (grew && nearBottom) container.scrollTop = container.scrollHeight;
  }

  function sortedByTs(messages) {
    return messages.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));
  }

  function drawPane() {
    const title = byId('pane-title');
    const purpose = byId('pane-purpose');
    const list = byId('messages');
    const composer = byId('composer');
    if (state.view.kind === 'home') {
      title.textContent = 'nebula-jobs · Home';
      purpose.textContent = `The bot's Home tab for ${userName(state.userId)} (views.publish).`;
      composer.hidden = true;
      list.replaceChildren();
      const home = state.homes.get(state.userId);
      const body = document.createElement('div');
      body.className = 'home-view msg-body';
      if (home) {
        body.innerHTML = home.html;
        PlaygroundDates.localizeDates(body);
      } else {
        body.textContent = 'The bot has not published a Home tab for you yet.';
        body.classList.add('home-empty');
      }
      list.append(body);
      return;
    }
    const channel = state.channels.find((c) => c.id === state.view.id);
    title.textContent = `#${channel.name}`;
    purpose.textContent = '';
    composer.hidden = false;
    byId('composer-input').placeholder = `Message #${channel.name}, or type ${state.command} help`;
    const messages = sortedByTs([...state.messages.values()].filter((m) => m.channel === channel.id && isTopLevel(m) && isVisible(m)));
    drawList(list, messages, false);
  }

  function drawThread() {
    const pane = byId('thread');
    const parent = state.thread && state.messages.get(state.thread);
    if (!parent || !isVisible(parent)) {
      pane.hidden = true;
      state.thread = null;
      return;
    }
    pane.hidden = false;
    const replies = [...state.messages.values()].filter((m) => m.channel === parent.channel && m.threadTs === parent.ts && m.ts !== parent.ts && isVisible(m));
    drawList(byId('thread-messages'), [parent, ...sortedByTs(replies)], true);
  }

  function drawSidebar() {
    const users = byId('users');
    users.replaceChildren(
      ...state.users.map((user, index) => {
        const button = document.createElement('button');
        button.type = 'button';
        button.className = `user-switch avatar-user-${index}`;
        button.dataset.user = user.id;
        button.setAttribute('aria-pressed', String(user.id === state.userId));
        button.title = user.realName;
        button.textContent = user.name;
        return button;
      }),
    );
    const channels = byId('channels');
    channels.replaceChildren(
      ...state.channels.map((channel) => {
        const item = document.createElement('li');
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'channel-link';
        button.dataset.channel = channel.id;
        const current = state.view.kind === 'channel' && state.view.id === channel.id;
        if (current) button.setAttribute('aria-current', 'page');
        button.textContent = `# ${channel.name}`;
        const unread = state.unread.get(channel.id) || 0;
        if (unread > 0 && !current) {
          button.classList.add('unread');
          const badge = document.createElement('span');
          badge.className = 'unread-badge';
          badge.textContent = String(unread);
          button.append(badge);
        }
        item.append(button);
        return item;
      }),
    );
    const home = byId('home-link');
    if (state.view.kind === 'home') home.setAttribute('aria-current', 'page');
    else home.removeAttribute('aria-current');
  }

  function drawAll() {
    drawSidebar();
    drawPane();
    drawThread();
  }

  // ---- live updates --------------------------------------------------------------------------

  function receive(m) {
    const known = state.messages.has(keyOf(m));
    state.messages.set(keyOf(m), m);
    const elsewhere = !(state.view.kind === 'channel' && state.view.id === m.channel);
    if (!known && elsewhere && isTopLevel(m) && isVisible(m)) {
      state.unread.set(m.channel, (state.unread.get(m.channel) || 0) + 1);
      drawSidebar();
    }
    if (!elsewhere) drawPane();
    if (state.thread) drawThread();
  }

  /** Events that arrive while the state is (re)loading, applied after it in order. */
  let queued = null;

  function whenLoaded(handle) {
    return (event) => {
      const data = JSON.parse(event.data);
      if (queued) queued.push(() => handle(data));
      else handle(data);
    };
  }

  function connect() {
    const events = new EventSource('/playground/events');
    let opened = false;
    // Load once the stream is open, so nothing falls between the snapshot and the first event;
    // after a lost connection, changes may have been missed: load everything again.
    events.addEventListener('open', () => {
      void load(!opened);
      opened = true;
    });
    events.addEventListener('message', whenLoaded(receive));
    events.addEventListener('deleted', whenLoaded((gone) => {
      state.messages.delete(`${gone.channel}/${gone.ts}`);
      drawPane();
      drawThread();
    }));
    events.addEventListener('home', whenLoaded((home) => {
      state.homes.set(home.userId, home);
      if (state.view.kind === 'home') drawPane();
    }));
  }

  // ---- what people do ------------------------------------------------------------------------

  function confirmFirst(confirm) {
    if (!confirm) return Promise.resolve(true);
    const dialog = byId('confirm');
    const spec = JSON.parse(confirm);
    byId('confirm-title').textContent = spec.title;
    byId('confirm-text').innerHTML = spec.html; // rendered and escaped by the stand-in
    PlaygroundDates.localizeDates(byId('confirm-text'));
    const ok = byId('confirm-ok');
    ok.textContent = spec.confirm;
    ok.className = spec.style ? `blk-button blk-${spec.style}` : 'blk-button blk-primary';
    byId('confirm-deny').textContent = spec.deny;
    byId('confirm-deny').className = 'blk-button';
    return new Promise((resolve) => {
      dialog.addEventListener('close', () => resolve(dialog.returnValue === 'confirm'), { once: true });
      dialog.returnValue = '';
      dialog.showModal();
    });
  }

  function showClickError(element, text) {
    const block = element.closest('.blk') || element.parentElement;
    let note = block.querySelector(':scope > .blk-error');
    if (!note) {
      note = document.createElement('p');
      note.className = 'blk-error';
      note.setAttribute('role', 'alert');
      block.append(note);
    }
    note.textContent = `⚠️ ${text}`;
  }

  /** Sends a click (after its confirm dialog, if any); true when the bot took it. */
  async function act(element, value) {
    const article = element.closest('article.msg');
    const inHome = !article && element.closest('.home-view');
    if (!article && !inHome) return false;
    if (!(await confirmFirst(element.dataset.confirm))) return false;
    element.disabled = true;
    element.classList.add('pending');
    const answer = await post('click', {
      userId: state.userId,
      ...(inHome ? { home: true } : { channelId: article.dataset.channel, ts: article.dataset.ts }),
      blockId: element.dataset.blockId,
      actionId: element.dataset.actionId,
      ...(value !== undefined ? { value } : {}),
    });
    element.disabled = false;
    element.classList.remove('pending');
    if (!answer.ok) showClickError(element, answer.error || 'The click did not reach the bot.');
    return answer.ok;
  }

  function selectUser(id) {
    state.userId = id;
    state.unread.clear();
    try {
      localStorage.setItem('playground.user', id);
    } catch (error) {
      /* private mode: the choice just is not remembered */
    }
    drawAll();
  }

  function selectView(view) {
    state.view = view;
    if (view.kind === 'channel') state.unread.delete(view.id);
    location.hash = view.kind === 'home' ? 'home' : state.channels.find((c) => c.id === view.id).name;
    drawAll();
    if (view.kind === 'channel') {
      const list = byId('messages');
      list.scrollTop = list.scrollHeight;
    }
  }

  function wire() {
    document.addEventListener('click', (event) => {
      const target = event.target.closest('button');
      if (!target) return;
      if (target.classList.contains('blk-button') && target.dataset.actionId) void act(target);
      else if (target.dataset.user) selectUser(target.dataset.user);
      else if (target.dataset.channel && target.classList.contains('channel-link')) selectView({ kind: 'channel', id: target.dataset.channel });
      else if (target.dataset.view === 'home') selectView({ kind: 'home' });
      else if (target.dataset.thread) {
        state.thread = target.dataset.thread;
        drawThread();
      } else if (target.id === 'thread-close') {
        state.thread = null;
        drawThread();
      }
    });
    document.addEventListener('change', async (event) => {
      const select = event.target;
      if (!select.classList || !select.classList.contains('blk-select')) return;
      const chosen = select.value;
      const initial = [...select.options].find((o) => o.defaultSelected);
      const sent = await act(select, chosen);
      // Cancelled or not taken: the select shows what the message says again.
      if (!sent && initial) select.value = initial.value;
    });
    byId('composer').addEventListener('submit', async (event) => {
      event.preventDefault();
      const input = byId('composer-input');
      const text = input.value;
      if (!text.trim()) return;
      byId('composer-error').textContent = '';
      input.value = '';
      const answer = await post('say', { userId: state.userId, channelId: state.view.id, text });
      if (!answer.ok) {
        byId('composer-error').textContent = answer.error;
        if (!input.value) input.value = text;
      }
    });
    byId('simulate').addEventListener('submit', async (event) => {
      event.preventDefault();
      const space = byId('simulate-space').value;
      const status = byId('simulate-status');
      const button = byId('simulate-button');
      button.disabled = true;
      status.textContent = `Waiting for the bot's next poll of ${space}…`;
      const answer = await post('simulate', { space });
      button.disabled = false;
      if (!answer.ok) status.textContent = answer.error;
      else if (answer.polled) status.textContent = `Job ${answer.jobId} in ${answer.space} failed (simulated). Channels subscribed to ${answer.space} get an alert at the bot's next poll.`;
      else status.textContent = `Job ${answer.jobId} in ${answer.space} failed (simulated), but the bot has not polled ${answer.space}: is a channel subscribed? Try ${state.command} subscribe ${answer.space}.`;
    });
    window.addEventListener('hashchange', () => {
      const name = location.hash.slice(1);
      const channel = state.channels.find((c) => c.name === name);
      if (name === 'home' && state.view.kind !== 'home') selectView({ kind: 'home' });
      else if (channel && (state.view.kind !== 'channel' || state.view.id !== channel.id)) selectView({ kind: 'channel', id: channel.id });
    });
  }

  async function load(first) {
    queued = [];
    const response = await fetch('/playground/state');
    const data = await response.json();
    Object.assign(state, { users: data.users, channels: data.channels, spaces: data.spaces, command: data.command });
    state.messages = new Map(data.messages.map((m) => [keyOf(m), m]));
    state.homes = new Map(data.homes.map((h) => [h.userId, h]));
    if (first) {
      let remembered = null;
      try {
        remembered = localStorage.getItem('playground.user');
      } catch (error) {
        /* no storage: start as the first user */
      }
      state.userId = state.users.some((u) => u.id === remembered) ? remembered : state.users[0].id;
      const name = location.hash.slice(1);
      const channel = state.channels.find((c) => c.name === name) || state.channels[0];
      state.view = name === 'home' ? { kind: 'home' } : { kind: 'channel', id: channel.id };
      byId('simulate-space').replaceChildren(
        ...state.spaces.map((space) => {
          const option = document.createElement('option');
          option.value = space;
          option.textContent = space;
          return option;
        }),
      );
      byId('composer-hint').textContent = `Try ${state.command} list · ${state.command} list status=failed · ${state.command} show <job id> · ${state.command} whoami · ${state.command} help`;
      byId('time-zone').textContent = `Times are shown in your time zone (${PlaygroundDates.timeZone}).`;
    }
    drawAll();
    const later = queued;
    queued = null;
    for (const apply of later) apply();
    document.body.dataset.ready = 'true';
  }

  wire();
  connect();
})();
