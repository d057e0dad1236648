import Redis, { type RedisOptions } from 'ioredis';

/**
 * Redis connections, shaped per role as BullMQ requires: producers and the API
 * fail fast while Redis is down (no offline queue), workers wait forever.
 */
export function createRedis(url: string, role: 'producer' | 'worker'): Redis {
  const options: RedisOptions =
    role === 'producer' ? { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000 } : { maxRetriesPerRequest: null };
  const redis = new Redis(url, { ...options, retryStrategy: (times) => Math.min(times * 200, 2_000) });
  // Outages are reported by /readyz and by the callers' errors; an unhandled event would crash the process.
  redis.on('error', () => undefined);
  return redis;
}

export type { Redis };
