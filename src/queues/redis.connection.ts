import Redis, { type RedisOptions } from 'ioredis';
import { isSentinelUrl, parseSentinelUrl } from './sentinel-url';

/**
 * After a failover the old master may answer again as a replica (it came back, or a manual failover kept it):
 * its writes fail READONLY and its blocked commands UNBLOCKED. Reconnecting asks the sentinels for the master
 * now, and the command is sent again there (2).
 */
export function reconnectOnError(err: Error): 2 | false {
  return /^(READONLY|UNBLOCKED)\b/.test(err.message) ? 2 : false;
}

/**
 * Redis connections, shaped per role as BullMQ requires: producers and the API
 * fail fast while Redis is down (no offline queue), workers wait forever. A
 * `redis-sentinel://` URL asks the sentinels for the master on every (re)connection,
 * so a connection lost with a killed master comes back on the promoted one.
 */
export function createRedis(url: string, role: 'producer' | 'worker'): Redis {
  const options: RedisOptions =
    role === 'producer' ? { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000 } : { maxRetriesPerRequest: null };
  const retryStrategy = (times: number) => Math.min(times * 200, 2_000);
  const redis = isSentinelUrl(url)
    ? // No failoverDetector: its +switch-master closes the connector while a reconnection is asking the sentinels, and
      // ioredis then ends that client for good ("Connection is closed."), BullMQ's duplicates included.
      new Redis({ ...parseSentinelUrl(url), ...options, retryStrategy, sentinelRetryStrategy: retryStrategy, reconnectOnError })
    : new Redis(url, { ...options, retryStrategy });
  // Outages are reported by /readyz and by the callers' errors; an unhandled event would crash the process.
  redis.on('error', () => undefined);
  return redis;
}

export type { Redis };
