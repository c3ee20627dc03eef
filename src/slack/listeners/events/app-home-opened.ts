import type { App } from '@slack/bolt';
import type { HomeTab } from './home-tab';

/** Slack sends app_home_opened for both tabs of the App Home; only the Home tab has a view to draw. */
export function registerAppHomeOpened(app: App, home: HomeTab): void {
  app.event('app_home_opened', async ({ event }) => {
    if (event.tab !== 'home') return;
    await home.show(event.user);
  });
}
