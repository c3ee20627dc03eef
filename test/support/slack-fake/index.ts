export { blockKitProblems, expectValidMessage, expectValidView, viewProblems } from './block-kit-limits';
export type { EventOptions, SentEvent } from './event-sender';
export { SlackEvents } from './event-sender';
export { signSlackRequest } from './signing';
export type { ApiCall, PostedMessage, ResponsePost, Scripted } from './slack-fake';
export { SlackFake } from './slack-fake';
export type { SentRequest, SlackMessage, Transport } from './slack-user';
export { interactiveElements, SlackUser } from './slack-user';
export { SocketModeServer } from './socket-mode-server';
