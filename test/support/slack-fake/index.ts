export { SlackFake } from './slack-fake';
export type { ApiCall, PostedMessage, ResponsePost, Scripted } from './slack-fake';
export { signSlackRequest } from './signing';
export { SlackUser, interactiveElements } from './slack-user';
export type { SentRequest, SlackMessage, Transport } from './slack-user';
export { SocketModeServer } from './socket-mode-server';
export { blockKitProblems, expectValidMessage } from './block-kit-limits';
