import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';

/** A Bolt app that only acknowledges: the floor any Slack app pays for the same requests. */
async function main(): Promise<void> {
  const receiver = new HTTPReceiver({ signingSecret: process.env.SLACK_SIGNING_SECRET ?? '', logLevel: LogLevel.ERROR });
  const app = new App({ receiver, token: process.env.SLACK_BOT_TOKEN, clientOptions: { slackApiUrl: process.env.SLACK_API_URL }, logLevel: LogLevel.ERROR });
  app.command(/.*/, async ({ ack }) => ack());
  app.action(/.*/, async ({ ack }) => ack());
  const server = await receiver.start({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`${JSON.stringify({ msg: 'bot.started', port: (server.address() as AddressInfo).port })}\n`);
  process.on('SIGTERM', () => void receiver.stop().finally(() => process.exit(0)));
}

void main();
