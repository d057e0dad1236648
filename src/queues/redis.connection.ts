import Redis, { type RedisOptions } from 'ioredis';
import { isSentinelUrl, parseSentinelUrl } from './sentinel-url';

/**
 * Redis connections, shaped per role as BullMQ requires: producers and the API
 * fail fast while Redis is down (no offline queue), workers wait forever. A
 * `redis-sentinel://` URL asks the sentinels for the master and follows its failover.
 */
export function createRedis(url: string, role: 'producer' | 'worker'): Redis {
  const options: RedisOptions =
    role === 'producer' ? { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000 } : { maxRetriesPerRequest: null };
  const retryStrategy = (times: number) => Math.min(times * 200, 2_000);
  const redis = isSentinelUrl(url)
    ? // failoverDetector: the sentinels' +switch-master moves the connection at once rather than on its next error.
      new Redis({ ...parseSentinelUrl(url), ...options, retryStrategy, sentinelRetryStrategy: retryStrategy, failoverDetector: true })
    : new Redis(url, { ...options, retryStrategy });
  // Outages are reported by /readyz and by the callers' errors; an unhandled event would crash the process.
  redis.on('error', () => undefined);
  return redis;
}

export type { Redis };
