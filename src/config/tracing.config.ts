import { cleanEnv } from 'envalid';
import { ENV_SPEC } from './env.spec';

/*
 * The tracing settings, readable on their own: tracing must start before pg, express, graphql and
 * ioredis are first required (instrumentation patches them on require), so this file imports nothing
 * that loads them, unlike config.ts (db-roles -> pg).
 */

/** Where the hub's spans go. */
export interface TracingConfig {
  /** OTLP/HTTP collector base URL; tracing is off (no SDK loaded, nothing patched) when absent. */
  otlpEndpoint: string | undefined;
}

const TRACING_SPEC = { OTEL_EXPORTER_OTLP_ENDPOINT: ENV_SPEC.OTEL_EXPORTER_OTLP_ENDPOINT };

/** envalid's default reporter exits the process; a thrown error lets tests and CLIs decide. */
export function throwOnInvalid({ errors }: { errors: Partial<Record<string, Error>> }): void {
  const problems = Object.entries(errors).map(([name, err]) => `${name}: ${err?.message ?? 'invalid'}`);
  if (problems.length) throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
}

export function tracingConfigOf(e: { OTEL_EXPORTER_OTLP_ENDPOINT: string }): TracingConfig {
  return { otlpEndpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT || undefined };
}

/** Parses only the tracing variables (loadConfig parses them again with the rest, and agrees). */
export function loadTracingConfig(env: NodeJS.ProcessEnv = process.env): TracingConfig {
  return tracingConfigOf(cleanEnv(env, TRACING_SPEC, { reporter: throwOnInvalid }));
}
