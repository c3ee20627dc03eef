import { BOT, CHANNELS, findChannel, findUser, USER_GROUPS } from '../roster';
import type { HomeView, StoredMessage, Workspace } from '../workspace';
import { messageBodyHtml } from './blocks';
import type { Names } from './mrkdwn';

/** What the page needs to draw a message: who, where, for whom, and its body as HTML. */
export interface MessageView {
  channel: string;
  ts: string;
  threadTs: string | null;
  author: { kind: 'bot' | 'user' | 'playground'; id: string | null; name: string };
  /** Ephemeral: the only user who sees it. */
  visibleTo: string | null;
  html: string;
  replyCount: number;
  edited: boolean;
}

export interface HomeViewHtml {
  userId: string;
  viewId: string;
  html: string;
}

export const PLAYGROUND_NAMES: Names = {
  user: (id) => (id === BOT.userId ? BOT.name : findUser(id)?.name),
  channel: (id) => findChannel(id)?.name,
  userGroup: (id) => USER_GROUPS.find((group) => group.id === id)?.handle,
};

function authorOf(message: StoredMessage): MessageView['author'] {
  switch (message.author.kind) {
    case 'bot':
      return { kind: 'bot', id: BOT.userId, name: BOT.name };
    case 'user':
      return { kind: 'user', id: message.author.userId, name: findUser(message.author.userId)?.name ?? message.author.userId };
    default:
      return { kind: 'playground', id: null, name: 'Playground' };
  }
}

export function messageView(message: StoredMessage, workspace: Workspace): MessageView {
  return {
    channel: message.channel,
    ts: message.ts,
    threadTs: message.threadTs ?? null,
    author: authorOf(message),
    visibleTo: message.visibleTo ?? null,
    html: messageBodyHtml(message.text, message.blocks, PLAYGROUND_NAMES),
    replyCount: workspace.replyCount(message.channel, message.ts),
    edited: message.edited,
  };
}

export function homeViewHtml(home: HomeView): HomeViewHtml {
  return { userId: home.userId, viewId: home.id, html: messageBodyHtml('', (home.view.blocks as StoredMessage['blocks']) ?? [], PLAYGROUND_NAMES) };
}

/** Channels in the sidebar order. */
export function channelList(): Array<{ id: string; name: string; purpose: string }> {
  return CHANNELS.map(({ id, name, purpose }) => ({ id, name, purpose }));
}
