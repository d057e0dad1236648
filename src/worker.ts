// The worker process: runs the BullMQ processors of every queue, the outbox relay and the orphan sweep,
// and stops gracefully (the chunk in hand is finished and the batch handed back to the queue).
import 'reflect-metadata';
import { Worker } from 'bullmq';
import { loadConfig } from './config/config';
import { openOrm } from './db/orm';
import { createLogger } from './logging/logger';
import { DATA_QUALITY_SCHEDULES, createDataQualityProcessor } from './modules/data-quality/data-quality.jobs';
import { startBatchSweep } from './modules/reconciliation/batch-sweep';
import { reconcileOutbox } from './modules/reconciliation/reconcile-batch.job';
import { createReconcileProcessor } from './modules/reconciliation/reconciliation.jobs';
import { MAINTENANCE_SCHEDULES, createMaintenanceProcessor } from './modules/registry-maintenance/registry-maintenance.jobs';
import { onShutdown } from './process/shutdown';
import { OutboxRelay } from './queues/outbox.relay';
import { QueueName } from './queues/queue-names';
import { upsertSchedules } from './queues/job-schedule';
import { createQueue } from './queues/queue.factory';
import { createRedis } from './queues/redis.connection';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config, 'worker');
  const orm = await openOrm({ ...config, databaseUrl: config.workerDatabaseUrl });
  const connection = createRedis(config.redisUrl, 'worker');
  let stopping = false;
  const workerOptions = {
    connection,
    prefix: config.queuePrefix,
    lockDuration: config.workerLockMs,
    stalledInterval: config.workerStalledIntervalMs,
    maxStalledCount: 5,
  };
  const reconcile = new Worker(
    QueueName.RECONCILIATION,
    createReconcileProcessor(orm, log, { chunkSize: config.reconcileChunkSize, exactConnections: config.reconcileExactConnections, stopping: () => stopping }),
    { ...workerOptions, concurrency: config.workerConcurrency },
  );
  const maintenance = new Worker(QueueName.MAINTENANCE, createMaintenanceProcessor(orm, log), { ...workerOptions, concurrency: 1 });
  // One check at a time: each rule is one statement over the registry already.
  const dataQuality = new Worker(QueueName.DATA_QUALITY, createDataQualityProcessor(orm, log), { ...workerOptions, concurrency: 1 });
  for (const w of [reconcile, maintenance, dataQuality]) w.on('error', (err) => log.warn({ err: err.message }, 'worker connection problem'));
  const producer = createRedis(config.redisUrl, 'producer');
  const reconciliationQueue = createQueue(QueueName.RECONCILIATION, producer, config, log);
  const maintenanceQueue = createQueue(QueueName.MAINTENANCE, producer, config, log);
  const dataQualityQueue = createQueue(QueueName.DATA_QUALITY, producer, config, log);
  const relay = new OutboxRelay(orm, reconcileOutbox(reconciliationQueue), log);
  relay.start();
  const stopSweep = startBatchSweep(orm, reconciliationQueue, log, config.sweepIntervalMs);
  onShutdown(log, async () => {
    stopping = true;
    stopSweep();
    await relay.stop();
    await Promise.all([reconcile.close(), maintenance.close(), dataQuality.close()]);
    await Promise.all([reconciliationQueue.close(), maintenanceQueue.close(), dataQualityQueue.close()]);
    await Promise.allSettled([orm.close(), connection.quit(), producer.quit()]);
  });
  // After the signal handlers: a SIGTERM that arrives while Redis is slow must still stop gracefully.
  await upsertSchedules(maintenanceQueue, MAINTENANCE_SCHEDULES).catch((err) => log.warn({ err: err.message }, 'maintenance schedule not set (Redis down?)'));
  await upsertSchedules(dataQualityQueue, DATA_QUALITY_SCHEDULES).catch((err) => log.warn({ err: err.message }, 'data-quality schedule not set (Redis down?)'));
  log.info({ queues: Object.values(QueueName) }, 'worker ready');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
