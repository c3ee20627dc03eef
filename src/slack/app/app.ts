import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, SocketModeReceiver, type webApi } from '@slack/bolt';
import type { Logger } from '../../logging/logger';
import type { HealthReport } from '../../monitoring/health';
import { FrontReceiver } from '../front/front-receiver';
import { registerActions } from '../listeners/actions';
import { registerCommands } from '../listeners/commands';
import { registerEvents } from '../listeners/events';
import type { ListenerDeps } from '../listeners/listener-deps';
import { boltLevel, boltLogger } from './bolt-logger';
import { boltRoute, healthRoute, type PortRoute } from './port-routes';
import { portFailure, slackCallFailure } from './start-failure';
import { teamCheck } from './team-check';

export interface SlackSettings {
  botToken: string;
  signingSecret?: string;
  /** Set: Socket Mode (no public URL needed). Unset: HTTP on POST /slack/events. */
  appToken?: string;
  apiUrl?: string;
  port: number;
  /** Bind address; all interfaces unless set (tests use loopback). */
  host?: string;
  /** Socket Mode pong deadline; also the step of its reconnect backoff (Slack's default 5 s). */
  socketPingTimeoutMs?: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Teams (T…) or orgs (E…) served besides the token's own workspace (SLACK_ALLOWED_TEAMS). */
  allowedTeams?: readonly string[];
  /** More GET routes on the port of /healthz (/metrics). */
  routes?: PortRoute[];
  /** HTTP mode: the nice value of every thread but the front thread that acks, once it listens (see answer-priority.ts); unset: unchanged. */
  answerNice?: number;
  /** HTTP mode: the front thread's compiled script, when the bot runs from TypeScript sources. */
  frontScript?: string;
  /** The Web API's transport for Bolt's own clients (metrics count its requests). */
  fetch?: webApi.WebClientOptions['fetch'];
}

export interface SlackApp {
  app: App;
  mode: 'http' | 'socket';
  /** Starts listening; resolves with the HTTP port actually bound. */
  start(): Promise<number>;
  stop(): Promise<void>;
  socketConnected(): boolean;
}

/** Resolves once the server listens, rejects with its listen error (Bolt's Socket Mode receiver listens without a handler). */
function listening(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (error: Error): void => {
      server.off('listening', done);
      reject(error);
    };
    const done = (): void => {
      server.off('error', fail);
      resolve();
    };
    server.once('listening', done);
    server.once('error', fail);
  });
}

/**
 * Bolt with one receiver: HTTP by default (through the front thread, which acks), Socket Mode
 * when an app token is given. Both serve /healthz.
 */
export function createSlackApp(settings: SlackSettings, deps: ListenerDeps, health: () => HealthReport, logger: Logger): SlackApp {
  const log = boltLogger(logger, boltLevel(settings.logLevel));
  const routes = [healthRoute(health), ...(settings.routes ?? [])];
  // A few retries, so a bad token or an unreachable Slack stops start-up with a clear error
  // instead of the WebClient's default half hour of retries.
  const clientOptions = {
    ...(settings.apiUrl ? { slackApiUrl: settings.apiUrl } : {}),
    ...(settings.fetch ? { fetch: settings.fetch } : {}),
    retryConfig: { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 4_000 },
  };
  let socketConnected = false;

  const receiver = settings.appToken
    ? new SocketModeReceiver({
        appToken: settings.appToken,
        logger: log,
        customRoutes: routes.map((route) => boltRoute(route, logger)),
        clientPingTimeout: settings.socketPingTimeoutMs,
        installerOptions: { port: settings.port, clientOptions },
      })
    : new FrontReceiver({
        port: settings.port,
        host: settings.host,
        signingSecret: settings.signingSecret ?? '',
        routes,
        respondTo: (url, message) => deps.poster.respondTo(url, message),
        answerNice: settings.answerNice,
        script: settings.frontScript,
        logger,
      });
  if (receiver instanceof SocketModeReceiver) {
    receiver.client.on('connected', () => (socketConnected = true));
    receiver.client.on('disconnected', () => (socketConnected = false));
    receiver.client.on('close', () => (socketConnected = false));
    receiver.client.on('reconnecting', () => (socketConnected = false));
  }

  // No conversation store: the bot keeps no per-conversation state, and Bolt's in-memory one
  // builds an Error with a stack trace on every request that has none.
  const app = new App({ receiver, token: settings.botToken, logger: log, clientOptions, convoStore: false, deferInitialization: true });
  // Before any listener: requests from another workspace go no further.
  app.use(teamCheck({ authTest: () => app.client.auth.test() as unknown as Promise<Record<string, unknown>>, allowedTeams: settings.allowedTeams ?? [], logger }));
  registerCommands(app, deps);
  registerActions(app, deps);
  registerEvents(app, deps);
  app.error(async (error) => logger.error('slack.unhandled', { error }));

  return {
    app,
    mode: settings.appToken ? 'socket' : 'http',
    socketConnected: () => socketConnected,
    async start() {
      const apiUrl = settings.apiUrl ?? 'https://slack.com/api/';
      const call = { apiUrl, apiUrlSet: settings.apiUrl !== undefined };
      // Start-up failures come out as SlackStartError naming the setting to fix.
      try {
        await app.init(); // auth.test, with the bot token
      } catch (error) {
        throw slackCallFailure(error, { ...call, token: 'botToken', method: 'auth.test' });
      }
      if (receiver instanceof FrontReceiver) {
        try {
          return await receiver.start();
        } catch (error) {
          throw portFailure(error, settings.port);
        }
      }
      const server = (receiver as unknown as { httpServer?: Server }).httpServer;
      const bound = server ? listening(server) : Promise.resolve();
      const connecting = receiver.start(); // listens on the port, then apps.connections.open with the app token
      connecting.catch(() => undefined); // awaited below, unless the port fails first
      try {
        await bound;
      } catch (error) {
        void receiver.client.disconnect().catch(() => undefined); // not awaited: it may wait on a socket still connecting
        throw portFailure(error, settings.port);
      }
      try {
        await connecting;
      } catch (error) {
        server?.close();
        throw slackCallFailure(error, { ...call, token: 'appToken', method: 'apps.connections.open' });
      }
      return (server?.address() as AddressInfo | null)?.port ?? settings.port;
    },
    async stop() {
      await receiver.stop().catch((error: unknown) => logger.warn('slack.stop_failed', { error }));
    },
  };
}
