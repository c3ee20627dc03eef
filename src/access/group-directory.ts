/**
 * How current a membership answer must be: `fresh` for decisions that change something (stop,
 * recover, approve, subscribe), so someone removed from a group cannot act; `cached` for reads.
 */
export type Freshness = 'fresh' | 'cached';

/** Slack user-group membership, as the permission check needs it. Implemented in slack/. */
export interface GroupDirectory {
  /** true/false when Slack says; null when it cannot tell right now (the caller then denies). */
  isMember(groupId: string, userId: string, freshness?: Freshness): Promise<boolean | null>;
}
