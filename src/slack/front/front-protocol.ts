import type { ThreadLog } from '../../logging/thread-logger';
import type { RouteAnswer } from '../app/port-routes';

/** Messages between the bot's main thread and the front thread that receives and acks Slack's requests. */

export type ToFront =
  | { type: 'start'; port: number; host?: string; signingSecret: string; routes: string[] }
  | { type: 'route-answer'; id: number; answer: RouteAnswer }
  | { type: 'stop' };

export type FromFront =
  | { type: 'listening'; port: number; thread?: number }
  | { type: 'listen-failed'; code?: string; message: string }
  /** A signed request, acked already; the main thread runs the listeners. */
  | { type: 'request'; rawBody: string; contentType: string; retryNum?: number; retryReason?: string }
  | { type: 'route'; id: number; path: string }
  | { type: 'stopped' }
  | ThreadLog;
