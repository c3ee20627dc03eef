/**
 * Who and what the playground's pretend workspace holds. Ids look like Slack's (U…, C…, S…) so
 * the bot handles them exactly as it would real ones.
 */

export interface PlaygroundUser {
  id: string;
  /** Display name, shown for mentions (@Ada). */
  name: string;
  realName: string;
}

export interface PlaygroundChannel {
  id: string;
  name: string;
  /** The channel's introduction, shown as its first note. */
  purpose: string;
}

export interface PlaygroundUserGroup {
  id: string;
  handle: string;
  users: string[];
}

export const TEAM = { id: 'T0PLAYGRND', domain: 'nebula-playground', name: 'Nebula playground' } as const;

/** The bot user, as auth.test reports it. */
export const BOT = { userId: 'U0PLAYBOT', botId: 'B0PLAYBOT', appId: 'A0PLAYJOBS', name: 'nebula-jobs' } as const;

export const USERS: readonly PlaygroundUser[] = [
  { id: 'U0PLAYADA', name: 'Ada', realName: 'Ada Lovelace' },
  { id: 'U0PLAYLI', name: 'Li', realName: 'Li Wei' },
  { id: 'U0PLAYSAM', name: 'Sam', realName: 'Sam Okafor' },
];

export const CHANNELS: readonly PlaygroundChannel[] = [
  { id: 'C0PLAYOPS', name: 'ops', purpose: 'Where the team runs commands. Try `/nebula-jobs list`, `/nebula-jobs help` or `/nebula-jobs whoami`.' },
  { id: 'C0PLAYALERTS', name: 'alerts', purpose: 'Subscribed to `demo_social` when the playground starts: alerts arrive here when its jobs fail or are stopped.' },
  {
    id: 'C0PLAYAPPROVE',
    name: 'approvals',
    purpose: 'Approval requests land here. Stopping a job needs a second person: click Stop as one user, then switch user and approve here.',
  },
];

export const USER_GROUPS: readonly PlaygroundUserGroup[] = [{ id: 'S0PLAYONCALL', handle: 'oncall', users: ['U0PLAYADA', 'U0PLAYLI'] }];

export const OPS_CHANNEL = CHANNELS[0];
export const ALERTS_CHANNEL = CHANNELS[1];
export const APPROVALS_CHANNEL = CHANNELS[2];

export function findUser(id: string): PlaygroundUser | undefined {
  return USERS.find((user) => user.id === id);
}

export function findChannel(id: string): PlaygroundChannel | undefined {
  return CHANNELS.find((channel) => channel.id === id);
}
