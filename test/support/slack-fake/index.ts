export { SlackFake } from './slack-fake';
export type { ApiCall, PostedMessage, ResponsePost, Scripted } from './slack-fake';
export { signSlackRequest } from './signing';
export { SlackUser, interactiveElements } from './slack-user';
export type { SentRequest, SlackMessage } from './slack-user';
export { blockKitProblems, expectValidMessage } from './block-kit-limits';
