import type { App } from '@slack/bolt';
import { SlackHome } from '../../web-api/slack-home';
import type { ListenerDeps } from '../listener-deps';
import { registerAppHomeOpened } from './app-home-opened';
import { HomeTab } from './home-tab';
import { registerMemberJoinedChannel } from './member-joined-channel';

/** Events API listeners (the App Home, the bot joining a channel) and the Home tab's button. */
export function registerEvents(app: App, deps: ListenerDeps): void {
  registerAppHomeOpened(app, new HomeTab(deps, new SlackHome(app.client)));
  registerMemberJoinedChannel(app, deps);
}
