import type { CustomRoute } from '@slack/bolt';
import type { Logger } from '../../logging/logger';
import type { MetricsPage } from '../../monitoring/metrics';

/**
 * GET /metrics for Prometheus, on the port of /healthz in both modes. Unauthenticated like
 * /healthz: it names spaces only when METRICS_SPACE_LABELS=true.
 */
export function metricsRoute(page: () => Promise<MetricsPage>, logger: Logger): CustomRoute {
  return {
    path: '/metrics',
    method: ['GET'],
    handler: (_req, res) => {
      page().then(
        (metrics) => {
          res.writeHead(200, { 'Content-Type': metrics.contentType });
          res.end(metrics.body);
        },
        (error: unknown) => {
          logger.warn('metrics.failed', { error });
          res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
          res.end('metrics are unavailable; the log says why\n');
        },
      );
    },
  };
}
