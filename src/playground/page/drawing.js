/*
 * Drawing the playground page from its state: the sidebar (users, channels, unread counts), the
 * open channel or Home pane, and the thread pane. Messages keep their element while unchanged, so
 * an update elsewhere does not disturb a select someone is using.
 */
(function (root) {
  'use strict';

  function create(state) {
    const byId = (id) => document.getElementById(id);
    const keyOf = (m) => `${m.channel}/${m.ts}`;
    const isVisible = (m) => !m.visibleTo || m.visibleTo === state.userId;
    const isTopLevel = (m) => !m.threadTs || m.threadTs === m.ts;
    const userName = (id) => (state.users.find((u) => u.id === id) || {}).name || id;

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

    return { keyOf, isVisible, isTopLevel, drawAll, drawPane, drawThread, drawSidebar };
  }

  root.PlaygroundDrawing = { create };
})(window);
