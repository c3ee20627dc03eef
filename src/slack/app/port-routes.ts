import type { CustomRoute } from '@slack/bolt';
import type { Logger } from '../../logging/logger';
import type { HealthReport } from '../../monitoring/health';
import type { MetricsPage } from '../../monitoring/metrics';

/** What a GET route beside /slack/events answers. */
export interface RouteAnswer {
  status: number;
  contentType: string;
  body: string;
}

/** A GET route on the events port (/healthz, /metrics), served in both modes. */
export interface PortRoute {
  path: string;
  answer(): Promise<RouteAnswer>;
}

const JSON_TYPE = 'application/json';
const TEXT_TYPE = 'text/plain; charset=utf-8';

/** GET /healthz: 200 or 503 with the report's body (the README documents when each comes). */
export function healthRoute(health: () => HealthReport): PortRoute {
  return {
    path: '/healthz',
    answer: async () => {
      const report = health();
      return { status: report.healthy ? 200 : 503, contentType: JSON_TYPE, body: JSON.stringify(report.body) };
    },
  };
}

/**
 * GET /metrics for Prometheus. Unauthenticated like /healthz: it names spaces only when
 * METRICS_SPACE_LABELS=true.
 */
export function metricsRoute(page: () => Promise<MetricsPage>, logger: Logger): PortRoute {
  return {
    path: '/metrics',
    answer: () =>
      page().then(
        (metrics) => ({ status: 200, contentType: metrics.contentType, body: metrics.body }),
        (error: unknown) => {
          logger.warn('metrics.failed', { error });
          return { status: 500, contentType: TEXT_TYPE, body: 'metrics are unavailable; the log says why\n' };
        },
      ),
  };
}

/** The route's answer, whichever receiver serves it: one that fails answers 500 and is logged, never leaving the request waiting. */
export function answerOf(route: PortRoute, logger: Logger): Promise<RouteAnswer> {
  return route.answer().catch((error: unknown) => {
    logger.error('slack.route_failed', { path: route.path, error });
    return { status: 500, contentType: TEXT_TYPE, body: 'failed; the log says why\n' };
  });
}

/** The route as Bolt's receivers serve it (Socket Mode). */
export function boltRoute(route: PortRoute, logger: Logger): CustomRoute {
  return {
    path: route.path,
    method: ['GET'],
    handler: (_req, res) => {
      void answerOf(route, logger).then((answer) => {
        res.writeHead(answer.status, { 'Content-Type': answer.contentType });
        res.end(answer.body);
      });
    },
  };
}
