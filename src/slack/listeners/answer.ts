import { isJobsError } from '../../jobs/jobs-error';
import { errorReply } from '../blocks/error-reply';
import type { SlackMessage } from '../blocks/message';
import type { ListenerDeps, Requester } from './listener-deps';

type Respond = (message: SlackMessage) => Promise<unknown>;

export interface Asked {
  /** `command` for the slash command, `action` for a click. */
  surface: 'command' | 'action';
  requester: Requester;
  /** The command kind once parsed, or the action_id. */
  name: string;
}

/** Answers to the interaction's response_url (through the bot's own keep-alive poster, not Bolt's fetch). */
export function toResponseUrl(deps: ListenerDeps, responseUrl: string | undefined): Respond {
  return (message) => (responseUrl ? deps.poster.respondTo(responseUrl, message) : Promise.reject(new Error('the request carried no response_url')));
}

/**
 * After the ack, every command and click goes the same way: wait for a slot, do the work, turn
 * a failure into plain words for the asker alone, answer through response_url, and log one line
 * (who, where, what, how it went; never the typed text, which may hold anything).
 *
 * Returns at once: the Bolt listener ends with its ack, so Bolt lets go of the request (its
 * HTTP objects, context and middleware chain) instead of keeping it while the work waits its
 * turn; under a burst, hundreds of those outlived the young generation and made GC the
 * bot's largest cost.
 */
export function answer(deps: ListenerDeps, respond: Respond, asked: Asked, work: (asked: Asked) => Promise<SlackMessage>): void {
  deps.work
    .run(async () => {
      const started = Date.now();
      let failure: string | undefined;
      let reply: SlackMessage;
      try {
        reply = await work(asked);
      } catch (error) {
        failure = isJobsError(error) ? error.kind : 'unexpected';
        // A failure after a click is a new message to the clicker: the message they clicked stays.
        reply = { ...errorReply(error, deps.logger), response_type: 'ephemeral', replace_original: false };
      }
      await respond(reply).catch((error: unknown) => deps.logger.warn('slack.respond_failed', { error }));
      const { userId: user, channelId: channel } = asked.requester;
      deps.logger.info(`slack.${asked.surface}`, { user, channel, [asked.surface]: asked.name, failure, ms: Date.now() - started });
    })
    .catch((error: unknown) => deps.logger.error('slack.unhandled', { error }));
}
