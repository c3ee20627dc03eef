import { randomBytes } from 'node:crypto';

/**
 * The playground's pretend Slack workspace, in memory: the messages of each channel (threads and
 * ephemeral ones included) and each user's Home view. Every change is announced to listeners,
 * which push it to the open pages.
 */

export type Json = Record<string, unknown>;

export type Author = { kind: 'bot' } | { kind: 'user'; userId: string } | { kind: 'playground' };

export interface StoredMessage {
  channel: string;
  ts: string;
  /** The thread's parent ts, on replies only. */
  threadTs?: string;
  author: Author;
  /** Set on ephemeral messages: the only user who sees it. */
  visibleTo?: string;
  text: string;
  blocks: Json[];
  edited: boolean;
}

export interface HomeView {
  id: string;
  userId: string;
  view: Json;
}

export type WorkspaceChange = { kind: 'message'; message: StoredMessage } | { kind: 'deleted'; channel: string; ts: string } | { kind: 'home'; home: HomeView };

export interface NewMessage {
  channel: string;
  author: Author;
  text: string;
  blocks?: Json[];
  threadTs?: string;
  visibleTo?: string;
}

/** Slack gives every block and element without an id a random one; clicks then carry it. */
function randomId(): string {
  return randomBytes(3).toString('base64url');
}

export function withGeneratedIds(blocks: Json[]): Json[] {
  // Images are the only accessory that is not interactive.
  const element = (item: unknown): unknown => {
    const json = item as Json;
    return json && typeof json === 'object' && json.type !== 'image' ? { ...json, action_id: json.action_id ?? randomId() } : item;
  };
  return blocks.map((block) => {
    const copy: Json = { ...block, block_id: block.block_id ?? randomId() };
    if (Array.isArray(copy.elements) && copy.type === 'actions') copy.elements = copy.elements.map(element);
    if (copy.accessory) copy.accessory = element(copy.accessory);
    return copy;
  });
}

export class Workspace {
  private readonly messages = new Map<string, StoredMessage>();
  private readonly homes = new Map<string, HomeView>();
  private readonly listeners = new Set<(change: WorkspaceChange) => void>();
  private counter = 0;

  constructor(private readonly now: () => Date = () => new Date()) {}

  onChange(listener: (change: WorkspaceChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Slack's message ts: seconds, a dot, six digits; unique and increasing here. */
  private nextTs(): string {
    this.counter += 1;
    return `${Math.floor(this.now().getTime() / 1000)}.${String(this.counter % 1_000_000).padStart(6, '0')}`;
  }

  post(input: NewMessage): StoredMessage {
    const parent = input.threadTs ? this.find(input.channel, input.threadTs) : undefined;
    const message: StoredMessage = {
      channel: input.channel,
      ts: this.nextTs(),
      // A reply to a reply belongs to the same thread, as in Slack.
      ...(parent ? { threadTs: parent.threadTs ?? parent.ts } : {}),
      author: input.author,
      ...(input.visibleTo ? { visibleTo: input.visibleTo } : {}),
      text: input.text,
      blocks: withGeneratedIds(input.blocks ?? []),
      edited: false,
    };
    this.messages.set(key(message.channel, message.ts), message);
    this.announce({ kind: 'message', message });
    if (parent && !message.visibleTo) this.announce({ kind: 'message', message: this.find(message.channel, message.threadTs as string) as StoredMessage }); // its reply count changed
    return message;
  }

  replace(channel: string, ts: string, content: { text: string; blocks?: Json[] }): StoredMessage | undefined {
    const message = this.find(channel, ts);
    if (!message) return undefined;
    message.text = content.text;
    message.blocks = withGeneratedIds(content.blocks ?? []);
    message.edited = true;
    this.announce({ kind: 'message', message });
    return message;
  }

  remove(channel: string, ts: string): boolean {
    const message = this.find(channel, ts);
    if (!message) return false;
    this.messages.delete(key(channel, ts));
    this.announce({ kind: 'deleted', channel, ts });
    const parent = message.threadTs ? this.find(channel, message.threadTs) : undefined;
    if (parent) this.announce({ kind: 'message', message: parent }); // its reply count changed
    return true;
  }

  find(channel: string, ts: string): StoredMessage | undefined {
    return this.messages.get(key(channel, ts));
  }

  all(): StoredMessage[] {
    return [...this.messages.values()];
  }

  /** Replies everyone can see, as the "N replies" link counts them. */
  replyCount(channel: string, ts: string): number {
    return this.all().filter((m) => m.channel === channel && m.threadTs === ts && !m.visibleTo).length;
  }

  publishHome(userId: string, view: Json): HomeView {
    const home: HomeView = {
      id: this.homes.get(userId)?.id ?? `V${randomBytes(4).toString('hex').toUpperCase()}`,
      userId,
      view: { ...view, blocks: withGeneratedIds((view.blocks as Json[] | undefined) ?? []) },
    };
    this.homes.set(userId, home);
    this.announce({ kind: 'home', home });
    return home;
  }

  home(userId: string): HomeView | undefined {
    return this.homes.get(userId);
  }

  allHomes(): HomeView[] {
    return [...this.homes.values()];
  }

  private announce(change: WorkspaceChange): void {
    for (const listener of this.listeners) listener(change);
  }
}

function key(channel: string, ts: string): string {
  return `${channel}/${ts}`;
}
