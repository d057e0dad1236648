import { NodeSDK, tracing } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { GraphQLInstrumentation } from '@opentelemetry/instrumentation-graphql';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UrlQueryScrubber } from './span-scrubber';

/** Paths whose requests are not traced: probes and scrapes would drown the traces of real work. */
const UNTRACED_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * The instrumentations, set so that no span attribute holds personal data:
 * SQL text only (values are bound; enhancedDatabaseReporting would add them),
 * GraphQL sources with their literals masked and no variables (allowValues),
 * Redis command names only (arguments are keys and job data), and no query
 * strings (UrlQueryScrubber). pg and Redis spans need a parent: the relay's and
 * BullMQ's polling would otherwise make a trace of their own every few ms.
 */
function instrumentations() {
  return [
    new HttpInstrumentation({
      ignoreIncomingRequestHook: (req) => UNTRACED_PATHS.has((req.url ?? '').split('?')[0]!),
    }),
    new ExpressInstrumentation(),
    new GraphQLInstrumentation({ allowValues: false, mergeItems: true, depth: 2, ignoreTrivialResolveSpans: true }),
    new PgInstrumentation({ enhancedDatabaseReporting: false, requireParentSpan: true }),
    new IORedisInstrumentation({ requireParentSpan: true, dbStatementSerializer: (command) => command }),
  ];
}

/** Starts the SDK with the OTLP/HTTP exporter at `<endpoint>/v1/traces`; returns its stop. */
export function startSdk(endpoint: string, serviceName: string): () => Promise<void> {
  const exporter = new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, '')}/v1/traces` });
  const sdk = new NodeSDK({
    serviceName,
    spanProcessors: [new UrlQueryScrubber(), new tracing.BatchSpanProcessor(exporter)],
    instrumentations: instrumentations(),
  });
  sdk.start();
  return () => sdk.shutdown();
}
