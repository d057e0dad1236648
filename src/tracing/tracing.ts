import type { TracingConfig } from '../config/tracing.config';

/** What stops the SDK (flushing the spans still buffered); absent while tracing is off. */
let stopSdk: (() => Promise<void>) | undefined;

/**
 * Starts OpenTelemetry tracing when an OTLP endpoint is configured. It must run
 * before pg, express, graphql and ioredis are first required, since the
 * instrumentations patch modules as they load (see the *.preload.ts files).
 * Off, it requires nothing: no SDK is loaded and no module is patched, so
 * tracing off costs nothing; only the no-op @opentelemetry/api facade is used.
 */
export function startTracing(config: TracingConfig, serviceName: string): boolean {
  if (!config.otlpEndpoint || stopSdk) return Boolean(stopSdk);
  // A synchronous, conditional require: an import would load the SDK when tracing is off, and an
  // await import() would let the entry point's next imports load unpatched before it resolves.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require('./tracing.sdk') as typeof import('./tracing.sdk');
  stopSdk = sdk.startSdk(config.otlpEndpoint, serviceName);
  return true;
}

/** Flushes and stops the SDK, at the end of a graceful stop; nothing to do while tracing is off. */
export async function stopTracing(): Promise<void> {
  const stop = stopSdk;
  stopSdk = undefined;
  await stop?.();
}
