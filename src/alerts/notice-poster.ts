import type { FollowUp, Notice, ThreadAlert } from './notices';

/**
 * Why a delivery failed, in the terms the sender decides by: wait and retry, join first, pause
 * everything, back off, or give the message up.
 */
export type DeliveryFailure =
  | { kind: 'rate-limited'; retryAfterMs: number }
  | { kind: 'not-in-channel' }
  /** The bot's token or app is refused: nothing can be delivered anywhere until someone fixes it. */
  | { kind: 'auth'; error: string }
  /**
   * Try again later. `outcomeUnknown`: the request may have reached Slack (a timeout, a connection
   * cut after sending), so posting again may show the message twice.
   */
  | { kind: 'transient'; error: string; outcomeUnknown?: boolean }
  /** This message can never be delivered here (channel gone or archived, message refused). */
  | { kind: 'permanent'; error: string };

export class DeliveryError extends Error {
  constructor(readonly failure: DeliveryFailure) {
    super('error' in failure ? failure.error : failure.kind);
    this.name = 'DeliveryError';
  }
}

/** Where notices go: Slack channels (implemented in slack/). Failures are thrown as DeliveryError. */
export interface NoticePoster {
  /** Posts the notice (in a thread when `threadTs` is given) and returns the new message's ts. */
  post(channelId: string, notice: Notice, threadTs?: string): Promise<string>;
  /** Redraws an alert's status line (a failure alert, or a stuck one) after a follow-up. */
  updateAlert(channelId: string, ts: string, alert: ThreadAlert, followUp: FollowUp): Promise<void>;
  /** Joins a public channel, so that posting there works. */
  join(channelId: string): Promise<void>;
}
