import { timingSafeEqual } from 'node:crypto';
import { type RequestHandler, Router } from 'express';
import type { Registry } from 'prom-client';
import type { Caller } from '../auth/caller';
import { CONTRACT_ERROR_CODES, ContractErrorCode } from '../graphql/error-code';
import type { ApiMetrics } from '../metrics/api-metrics';
import { tenantKindLabel } from '../metrics/metric-labels';

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

/**
 * Times each request to its last byte (or its abort), labelled by the route pattern express matched,
 * and counts the contract errors answered outside GraphQL: every such answer is `res.json({ errors })`,
 * while Apollo sends its own text (counted by the GraphQL metrics plugin).
 */
export function httpMetrics(metrics: ApiMetrics): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    const codes: string[] = [];
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      codes.push(...contractCodes(body));
      return json(body);
    };
    res.once('close', () => {
      metrics.observeHttp(req.method, req.baseUrl, req.route?.path, res.statusCode, (performance.now() - started) / 1000);
      const kind = tenantKindLabel((res.locals.caller as Caller | undefined)?.tenant.kind);
      for (const code of codes) metrics.countHttpError(code, req.baseUrl, req.route?.path, kind);
    });
    next();
  };
}

/** The `extensions.code` of each error of a contract error body; unknown codes count as INTERNAL. */
function contractCodes(body: unknown): string[] {
  const errors = (body as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return [];
  return errors.map((e: { extensions?: { code?: unknown } }) => {
    const code = String(e?.extensions?.code ?? '');
    return CONTRACT_ERROR_CODES.has(code) ? code : ContractErrorCode.INTERNAL;
  });
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.startsWith('Bearer ') ? header.slice(7) : '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
