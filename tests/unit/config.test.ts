import { loadConfig } from '../../src/config/config';
import { loadTracingConfig } from '../../src/config/tracing.config';
import { openOrm } from '../../src/db/orm';

describe('configuration', () => {
  it('defaults to the embedded servers on non-default ports', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ embedded: true, port: 4000, embeddedPgPort: 54329, embeddedRedisPort: 63799, nodeEnv: 'development' });
    expect(c.databaseUrl).toBe('postgres://postgres:postgres@127.0.0.1:54329/hub');
    expect(c.redisUrl).toBe('redis://127.0.0.1:63799');
  });

  it('uses DATABASE_URL and REDIS_URL when both are set', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/hub', REDIS_URL: 'redis://r:6379' });
    expect(c).toMatchObject({ embedded: false, databaseUrl: 'postgres://u:p@db:5432/hub', redisUrl: 'redis://r:6379' });
  });

  it('derives the API and worker logins from the owner URL, or takes them as given', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://owner:secret@db:5432/hub', REDIS_URL: 'redis://r:6379', DB_API_PASSWORD: 'a p&ss' });
    expect(c.apiDatabaseUrl).toBe('postgres://hub_api:a%20p%26ss@db:5432/hub');
    expect(c.workerDatabaseUrl).toBe('postgres://hub_worker:hub-worker-dev-password@db:5432/hub');
    const api = loadConfig({ API_DATABASE_URL: 'postgres://hub_api:x@db:5432/hub', REDIS_URL: 'redis://r:6379' });
    expect(api).toMatchObject({ embedded: false, databaseUrl: '', apiDatabaseUrl: 'postgres://hub_api:x@db:5432/hub', workerDatabaseUrl: '' });
    // Production: a worker given only its own URL needs no password of any role; DATABASE_URL without them derives nothing.
    const prod = { NODE_ENV: 'production', TOKEN_SECRET: 'x'.repeat(32), REDIS_URL: 'redis://c' };
    expect(loadConfig({ ...prod, WORKER_DATABASE_URL: 'postgres://hub_worker:w@db/hub' }).workerDatabaseUrl).toBe('postgres://hub_worker:w@db/hub');
    expect(loadConfig({ ...prod, DATABASE_URL: 'postgres://a/b' })).toMatchObject({
      apiDatabaseUrl: '',
      workerDatabaseUrl: '',
      dbRolePasswords: { apiPassword: '', workerPassword: '' },
    });
  });

  it('says which setting is missing when a process has no URL to log in with', async () => {
    await expect(openOrm({ databaseUrl: '', dbPoolMax: 1, statementTimeoutMs: 0, sqlDebug: false })).rejects.toThrow(
      /WORKER_DATABASE_URL \(worker\).*DB_WORKER_PASSWORD/,
    );
  });

  it('refuses half a deployment, a bad port, and production without a token secret', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/hub' })).toThrow(/and REDIS_URL, or neither/);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://a/b', REDIS_URL: 'redis://c' })).toThrow(/TOKEN_SECRET/);
    expect(() => loadConfig({ TOKEN_SECRET: 'short' })).toThrow(/at least 32/);
  });

  it('turns traces on only with an OTLP endpoint, read alone (before the instrumented modules load) and with the rest alike', () => {
    expect(loadTracingConfig({})).toEqual({ otlpEndpoint: undefined });
    expect(loadTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: '' })).toEqual({ otlpEndpoint: undefined });
    expect(loadConfig({}).tracing).toEqual({ otlpEndpoint: undefined });
    const on = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };
    expect(loadTracingConfig(on)).toEqual({ otlpEndpoint: 'http://collector:4318' });
    expect(loadConfig(on).tracing).toEqual(loadTracingConfig(on));
    expect(() => loadTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
  });
});
