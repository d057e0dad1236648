import { loadConfig } from '../../src/config/config';

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

  it('refuses half a deployment, a bad port, and production without a token secret', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/hub' })).toThrow(/both DATABASE_URL and REDIS_URL/);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://a/b', REDIS_URL: 'redis://c' })).toThrow(/TOKEN_SECRET/);
    expect(() => loadConfig({ TOKEN_SECRET: 'short' })).toThrow(/at least 32/);
  });
});
