/** Who asks, and where: always from Slack's signed payload, never from a button's value. */
export interface Actor {
  userId: string;
  channelId: string;
}
