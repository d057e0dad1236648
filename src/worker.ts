// The worker process: runs the BullMQ processors of every queue, and stops them gracefully.
import 'reflect-metadata';
import { Worker } from 'bullmq';
import { loadConfig } from './config/config';
import { openOrm } from './db/orm';
import { createLogger } from './logging/logger';
import { MAINTENANCE_SCHEDULES, createMaintenanceProcessor } from './modules/registry-maintenance/registry-maintenance.jobs';
import { onShutdown } from './process/shutdown';
import { QueueName } from './queues/queue-names';
import { createQueue } from './queues/queue.factory';
import { createRedis } from './queues/redis.connection';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config, 'worker');
  const orm = await openOrm(config);
  const connection = createRedis(config.redisUrl, 'worker');
  const maintenance = new Worker(QueueName.MAINTENANCE, createMaintenanceProcessor(orm, log), {
    connection,
    prefix: config.queuePrefix,
    concurrency: 1,
  });
  maintenance.on('failed', (job, err) => log.error({ jobId: job?.id, err }, 'maintenance job failed'));
  const queue = createQueue(QueueName.MAINTENANCE, connection, config);
  for (const s of MAINTENANCE_SCHEDULES) {
    await queue.upsertJobScheduler(s.job, { pattern: s.pattern }, { name: s.job, data: s.data });
  }
  log.info({ queues: [QueueName.MAINTENANCE] }, 'worker ready');
  onShutdown(log, async () => {
    // close() lets the job in hand finish before the connections go.
    await maintenance.close();
    await queue.close();
    await Promise.allSettled([orm.close(), connection.quit()]);
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
