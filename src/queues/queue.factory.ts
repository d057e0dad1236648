import { Queue, type QueueOptions } from 'bullmq';
import type { AppConfig } from '../config/config';
import type { QueueName } from './queue-names';
import type { Redis } from './redis.connection';

/** Retries with backoff and bounded history: a failing job never retries forever nor fills Redis. */
export const DEFAULT_JOB_OPTIONS: QueueOptions['defaultJobOptions'] = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 5_000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

export function createQueue(name: QueueName, connection: Redis, config: Pick<AppConfig, 'queuePrefix'>): Queue {
  return new Queue(name, { connection, prefix: config.queuePrefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
}
