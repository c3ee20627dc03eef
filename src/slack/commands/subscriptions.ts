import { roleIn } from '../../access/permissions';
import { rank, Role } from '../../access/policy';
import { JobStatus } from '../../jobs/job';
import { JobsError } from '../../jobs/jobs-error';
import { code, duration, slackDate } from '../blocks/format';
import { SlackMessage, truncate } from '../blocks/message';
import { notice } from '../blocks/notice';
import { Requester, SlackServices } from '../services';

async function requireRole(services: SlackServices, requester: Requester, space: string, needed: Role, what: string): Promise<void> {
  const role = await roleIn(services.policy, services.groups, requester.userId, space);
  if (rank(role) < rank(needed)) {
    throw new JobsError('not-allowed', `Only ${needed}s of \`${space}\` can ${what}; you are a ${role} there.`);
  }
}

function audit(services: SlackServices, requester: Requester, space: string, action: 'subscribe' | 'unsubscribe' | 'mute' | 'unmute', detail: string): void {
  services.audit.record({ at: services.now(), userId: requester.userId, space, jobId: null, action, result: 'executed', detail: `channel ${requester.channelId}${detail ? `: ${detail}` : ''}` });
}

/** `subscribe <space> [status=…]`: alerts in this channel (admins). */
export async function subscribeCommand(services: SlackServices, requester: Requester, space: string, statuses: JobStatus[]): Promise<SlackMessage> {
  await requireRole(services, requester, space, 'admin', 'subscribe channels to its alerts');
  const spaces = await services.gateway.listSpaces();
  if (!spaces.includes(space)) {
    throw new JobsError('space-not-found', `Graph space \`${space}\` does not exist or the bot cannot see it.`, `\`${services.command} spaces\` lists the spaces the bot can see.`);
  }
  services.subscriptions.subscribe(requester.channelId, space, statuses, requester.userId, services.now());
  audit(services, requester, space, 'subscribe', statuses.join(','));
  return notice(
    `:bell: This channel now gets an alert when a job of ${code(space)} turns ${statuses.join(' or ')}.`,
    'The first poll records the jobs that exist now without alerting on them. In a private channel, invite the bot first.',
  );
}

export async function unsubscribeCommand(services: SlackServices, requester: Requester, space: string): Promise<SlackMessage> {
  await requireRole(services, requester, space, 'admin', 'unsubscribe channels');
  if (!services.subscriptions.unsubscribe(requester.channelId, space)) {
    return notice(`:information_source: This channel is not subscribed to ${code(space)}.`);
  }
  audit(services, requester, space, 'unsubscribe', '');
  return notice(`:no_bell: This channel no longer gets alerts for ${code(space)}.`);
}

export async function muteCommand(services: SlackServices, requester: Requester, space: string, durationMs: number | null): Promise<SlackMessage> {
  await requireRole(services, requester, space, 'operator', durationMs === null ? 'unmute alerts' : 'mute alerts');
  const until = durationMs === null ? null : new Date(services.now().getTime() + durationMs);
  if (!services.subscriptions.mute(requester.channelId, space, until, until ? requester.userId : null)) {
    throw new JobsError('invalid-input', `This channel is not subscribed to \`${space}\`.`, `\`${services.command} subscriptions\` lists this channel's subscriptions.`);
  }
  audit(services, requester, space, until ? 'mute' : 'unmute', until ? `for ${duration(durationMs ?? 0)}` : '');
  return until
    ? notice(`:zipper_mouth_face: Alerts for ${code(space)} are muted in this channel until ${slackDate(until)}.`, 'Changes during the mute are not alerted later. `unmute` ends it early.')
    : notice(`:loud_sound: Alerts for ${code(space)} are back on in this channel.`);
}

/** Anyone may list a channel's subscriptions. */
export function subscriptionsCommand(services: SlackServices, requester: Requester): SlackMessage {
  const subscriptions = services.subscriptions.inChannel(requester.channelId);
  if (subscriptions.length === 0) {
    return notice(':no_bell: This channel has no subscriptions.', `An admin can add one with \`${services.command} subscribe nba\`.`);
  }
  const now = services.now();
  const lines = subscriptions.map((s) => {
    const muted = s.mutedUntil && s.mutedUntil > now ? `  :zipper_mouth_face: muted until ${slackDate(s.mutedUntil)}` : '';
    return `• ${code(s.space)}: ${s.statuses.join(', ')} (by <@${s.createdBy}>)${muted}`;
  });
  return notice(truncate(`:bell: *Subscriptions of this channel*\n${lines.join('\n')}`, 3000));
}
