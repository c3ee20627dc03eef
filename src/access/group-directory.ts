/** Slack user-group membership, as the permission check needs it. Implemented in slack/. */
export interface GroupDirectory {
  /** true/false when Slack says; null when it cannot tell right now (the caller then denies). */
  isMember(groupId: string, userId: string): Promise<boolean | null>;
}
