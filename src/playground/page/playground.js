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
  const { keyOf, isVisible, isTopLevel, drawAll, drawPane, drawThread, drawSidebar } = PlaygroundDrawing.create(state);

  async function post(path, body) {
    try {
      const response = await fetch(`/playground/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      return await response.json();
    } catch (error) {
      return { ok: false, error: 'The playground server did not answer; is it still running?' };
    }
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
    state.thread = null;
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
