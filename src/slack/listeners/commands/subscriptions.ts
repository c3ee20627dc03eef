import { viewableSpaces } from '../../../access/view-access';
import { mute, type SubscriptionKind, subscribe, unsubscribe } from '../../../alerts/subscriptions';
import { spaceLabel } from '../../../spaces/space-ref';
import { code, slackDate } from '../../blocks/format';
import { type SlackMessage, truncateMrkdwn } from '../../blocks/message';
import { notice } from '../../blocks/notice';
import { stuckHintText } from '../../blocks/stuck-alert';
import type { ListenerDeps, Requester } from '../listener-deps';

const KIND_WORDS: Record<SubscriptionKind, string> = {
  FAILED: 'fails',
  STOPPED: 'is stopped',
  STUCK: 'looks stuck (runs much longer than usual, or waits behind such a job)',
  FINISHED: 'finishes (a short notice)',
};

/** `fails, is stopped or looks stuck` */
function kindsText(kinds: readonly SubscriptionKind[]): string {
  const words = kinds.map((kind) => KIND_WORDS[kind]);
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}` : (words[0] ?? '');
}

export async function subscribeCommand(deps: ListenerDeps, requester: Requester, space: string, statuses: SubscriptionKind[]): Promise<SlackMessage> {
  const { ref, stuckNow } = await subscribe(deps, requester, space, statuses);
  const stuck = stuckNow.map(({ job, hint }) => `• *${job.id}* ${code(job.command)} ${job.status}: ${stuckHintText(hint)}`);
  const already = stuck.length > 0 ? `\n:hourglass_flowing_sand: *Already looking stuck* (alerted before this subscription):\n${stuck.join('\n')}` : '';
  return notice(
    truncateMrkdwn(`:bell: This channel now gets an alert when a job of ${code(spaceLabel(ref))} ${kindsText(statuses)}.${already}`, 3000),
    'The first poll records the jobs that exist now without alerting on them. In a private channel, invite the bot first.',
  );
}

export async function unsubscribeCommand(deps: ListenerDeps, requester: Requester, space: string): Promise<SlackMessage> {
  const ref = await unsubscribe(deps, requester, space);
  if (!ref) return notice(`:information_source: This channel is not subscribed to ${code(space)}.`);
  return notice(`:no_bell: This channel no longer gets alerts for ${code(spaceLabel(ref))}.`);
}

export async function muteCommand(deps: ListenerDeps, requester: Requester, space: string, durationMs: number | null): Promise<SlackMessage> {
  const { ref, until } = await mute(deps, requester, space, durationMs);
  const label = code(spaceLabel(ref));
  return until
    ? notice(
        `:zipper_mouth_face: Alerts for ${label} are muted in this channel until ${slackDate(until)}.`,
        'Changes during the mute are not alerted later. `unmute` ends it early.',
      )
    : notice(`:loud_sound: Alerts for ${label} are back on in this channel.`);
}

/** Anyone may list a channel's subscriptions, of the spaces they may view. */
export async function subscriptionsCommand(deps: ListenerDeps, requester: Requester): Promise<SlackMessage> {
  const all = deps.subscriptions.inChannel(requester.channelId);
  const subscriptions = await viewableSpaces(deps, requester.userId, all);
  if (subscriptions.length === 0) {
    return notice(':no_bell: This channel has no subscriptions.', `An admin can add one with \`${deps.command} subscribe nba\`.`);
  }
  const now = deps.now();
  const lines = subscriptions.map((s) => {
    const muted = s.mutedUntil && s.mutedUntil > now ? `  :zipper_mouth_face: muted until ${slackDate(s.mutedUntil)}` : '';
    return `• ${code(spaceLabel(s))}: ${s.statuses.join(', ')} (by <@${s.createdBy}>)${muted}`;
  });
  return notice(truncateMrkdwn(`:bell: *Subscriptions of this channel*\n${lines.join('\n')}`, 3000));
}
