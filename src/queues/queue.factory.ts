import { Queue, type QueueOptions } from 'bullmq';
import type { AppConfig } from '../config/config';
import type { Logger } from '../logging/logger';
import type { QueueName } from './queue-names';
import type { Redis } from './redis.connection';

/** Where a queue lives and how its jobs retry; attempts and backoff fall back to the config defaults. */
export type QueueSettings = Pick<AppConfig, 'queuePrefix'> & Partial<Pick<AppConfig, 'jobAttempts' | 'jobBackoffMs'>>;

/** Retries with backoff and bounded history: a failing job never retries forever nor fills Redis. */
export function jobOptions(settings: QueueSettings): QueueOptions['defaultJobOptions'] {
  return {
    attempts: settings.jobAttempts ?? 3,
    backoff: { type: 'exponential', delay: settings.jobBackoffMs ?? 5_000 },
    removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
    removeOnFail: { age: 30 * 24 * 3600 },
  };
}

/** A queue whose connection errors (Redis down, reconnecting) go to `log`; callers keep working from the outbox meanwhile. */
export function createQueue(name: QueueName, connection: Redis, settings: QueueSettings, log: Pick<Logger, 'warn'>): Queue {
  const queue = new Queue(name, { connection, prefix: settings.queuePrefix, defaultJobOptions: jobOptions(settings) });
  queue.on('error', (err) => log.warn({ queue: name, err: err.message }, 'queue connection problem'));
  return queue;
}
