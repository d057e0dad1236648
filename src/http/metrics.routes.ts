import { timingSafeEqual } from 'node:crypto';
import { type RequestHandler, Router } from 'express';
import type { Registry } from 'prom-client';
import type { ApiMetrics } from '../metrics/api-metrics';

/**
 * `GET /metrics` in Prometheus's text format. Open by default: operators scrape
 * from the internal network and no label carries a tenant code or personal
 * data; with `METRICS_TOKEN` set it asks for `Authorization: Bearer <token>`.
 */
export function metricsRoute(registry: Registry, token: string | undefined): Router {
  const router = Router();
  router.get('/metrics', async (req, res) => {
    if (token && !bearerMatches(req.headers.authorization, token)) {
      res.status(401).setHeader('WWW-Authenticate', 'Bearer').type('text/plain').send('metrics token required\n');
      return;
    }
    const text = await registry.metrics();
    res.setHeader('Content-Type', registry.contentType);
    res.send(text);
  });
  return router;
}

/** Times each request to its last byte (or its abort), labelled by the route pattern express matched. */
export function httpMetrics(metrics: ApiMetrics): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    res.once('close', () => metrics.observeHttp(req.method, req.baseUrl, req.route?.path, res.statusCode, (performance.now() - started) / 1000));
    next();
  };
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.startsWith('Bearer ') ? header.slice(7) : '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
