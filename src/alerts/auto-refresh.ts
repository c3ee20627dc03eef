import { JobsError } from '../jobs/jobs-error';
import { type ListRefresh, type ListRefreshStore, MAX_LIST_REFRESHES, type MessageRef, RESPONSE_URL_REFRESH_MS, RESPONSE_URL_USES, type RefreshedList } from './follows';
import { AUTO_REFRESH_CHOICES, AUTO_REFRESH_MS, AUTO_REFRESH_OFF } from './list-refresh-plan';

/**
 * A list's auto-refresh, switched on or off by its reader (the list's select). A message the bot
 * may update is redrawn every interval for AUTO_REFRESH_MS; a list only its reader sees can be
 * redrawn only through the response_url of the click (RESPONSE_URL_USES uses, the answer to the
 * click being the first), so it refreshes only while that URL works. The job follower redraws.
 */

export interface AutoRefreshDeps {
  refreshes: ListRefreshStore;
  now: () => Date;
}

export type AutoRefreshChoice = { kind: 'off' } | { kind: 'every'; everyMs: number };

/** What the select asks for (no value: off); null for a value never offered (an old or forged message). */
export function autoRefreshChoice(value: string | undefined): AutoRefreshChoice | null {
  if (value === undefined || value === AUTO_REFRESH_OFF) return { kind: 'off' };
  return Object.hasOwn(AUTO_REFRESH_CHOICES, value) ? { kind: 'every', everyMs: AUTO_REFRESH_CHOICES[value] } : null;
}

/** The list message whose select was changed, as the click tells it. */
export interface ClickedList extends MessageRef {
  /** Only the clicker sees it: it can be redrawn only through responseUrl. */
  ephemeral: boolean;
  /** The click's response_url, if Slack gave one. */
  responseUrl: string | null;
}

export interface AutoRefreshStart {
  userId: string;
  list: RefreshedList;
  everyMs: number;
  /** Null for a click outside a message (the Home tab): nothing there could be redrawn. */
  message: ClickedList | null;
}

/**
 * Starts (or changes) the message's auto-refresh, then has the list drawn (`draw`, in slack/) as
 * the answer to the click. When the drawing fails, the clicker never saw it refreshing: nothing
 * refreshes. Throws JobsError when the list cannot refresh itself there, or too many do already.
 */
export async function startAutoRefresh<Drawn>(deps: AutoRefreshDeps, start: AutoRefreshStart, draw: (refresh: ListRefresh) => Promise<Drawn>): Promise<Drawn> {
  const { message } = start;
  if (!message) throw new JobsError('invalid-input', 'This list cannot refresh itself here.', 'Run `list` again in a channel or in your messages with the bot.');
  if (!deps.refreshes.at(message) && deps.refreshes.count() >= MAX_LIST_REFRESHES) {
    throw new JobsError(
      'invalid-input',
      `${MAX_LIST_REFRESHES} lists are refreshing themselves already, as many as the bot reads from NebulaGraph for that.`,
      'Use Refresh, or try again in a while.',
    );
  }
  const now = deps.now();
  const limited = message.ephemeral;
  const refresh = deps.refreshes.start({
    userId: start.userId,
    list: start.list,
    everyMs: start.everyMs,
    message: { channel: message.channel, ts: message.ts },
    surface: limited ? 'response-url' : 'message',
    // Kept for a shared message too: if chat.update is refused for it, the refresh goes on through it.
    responseUrl: message.responseUrl,
    usesLeft: message.responseUrl ? RESPONSE_URL_USES - 1 : 0,
    drawn: null, // recorded by the drawing, as for any click on a refreshing list
    startedAt: now,
    until: new Date(now.getTime() + (limited ? RESPONSE_URL_REFRESH_MS : AUTO_REFRESH_MS)),
  });
  try {
    return await draw(refresh);
  } catch (error) {
    deps.refreshes.remove(refresh.id);
    throw error;
  }
}

/** Ends the message's auto-refresh, if it has one (none for a click outside a message). */
export function stopAutoRefresh(deps: Pick<AutoRefreshDeps, 'refreshes'>, message: MessageRef | null): boolean {
  const active = message ? deps.refreshes.at(message) : null;
  return active ? deps.refreshes.remove(active.id) : false;
}
