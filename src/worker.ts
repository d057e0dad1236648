// The worker process: runs the BullMQ processors of every queue, the outbox relay and the orphan sweep,
// and stops gracefully (the chunk in hand is finished and the batch handed back to the queue).
// Tracing first: its instrumentations patch pg and ioredis as they are required.
import './tracing/worker.preload';
import 'reflect-metadata';
import type { MikroORM } from '@mikro-orm/postgresql';
import { type Queue, Worker, type WorkerOptions } from 'bullmq';
import { type AppConfig, loadConfig } from './config/config';
import { openOrm } from './db/orm';
import { poolUse } from './db/pool-clients';
import { WorkerHttpServer } from './http/worker-http.server';
import { auditChainLag, batchRecordCount, outboxBacklog, qualityRunHouseholdCount } from './metrics/ops-metrics.repository';
import { WorkerMetrics } from './metrics/worker-metrics';
import { type Logger, createLogger } from './logging/logger';
import { DATA_QUALITY_SCHEDULES, createDataQualityProcessor } from './modules/data-quality/data-quality.jobs';
import { FUND_SUPERVISION_SCHEDULES, createFundSupervisionProcessor } from './modules/fund-supervision/fund-supervision.jobs';
import { startBatchSweep } from './modules/reconciliation/batch-sweep';
import { reconcileOutbox } from './modules/reconciliation/reconcile-batch.job';
import { createReconcileProcessor } from './modules/reconciliation/reconciliation.jobs';
import { MAINTENANCE_SCHEDULES, createMaintenanceProcessor } from './modules/registry-maintenance/registry-maintenance.jobs';
import { createWebhookProcessor, startDeliverySweep, webhookBackoff, webhookOutbox } from './modules/webhooks/webhook.jobs';
import { onShutdown } from './process/shutdown';
import { OutboxRelay } from './queues/outbox.relay';
import { ProgressPublisher, type ProgressSignal } from './queues/progress.publisher';
import { QueueName } from './queues/queue-names';
import { type JobSchedule, upsertSchedules } from './queues/job-schedule';
import { createQueue } from './queues/queue.factory';
import { type Redis, createRedis } from './queues/redis.connection';
import { tracedProcessor } from './tracing/trace-context';
import { stopTracing } from './tracing/tracing';

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
  const producer = createRedis(config.redisUrl, 'producer');
  // Live progress for the API's subscribers: ids on Redis pub/sub, at most a few a second per batch or run.
  const progress = new ProgressPublisher(producer, config.queuePrefix, log);
  const reconcileOptions = { ...reconcileSettings(config), stopping: () => stopping, progress };
  const reconcileProcessor = tracedProcessor(createReconcileProcessor(orm, log, reconcileOptions));
  const reconcile = new Worker(QueueName.RECONCILIATION, reconcileProcessor, { ...workerOptions, concurrency: config.workerConcurrency });
  const webhooks = webhookWorker(orm, log, config, workerOptions);
  const workers = [reconcile, webhooks, ...serialWorkers(orm, log, { ...workerOptions, concurrency: 1 }, progress)];
  for (const w of workers) w.on('error', (err) => log.warn({ err: err.message }, 'worker connection problem'));
  const queues = new Map(Object.values(QueueName).map((name) => [name, createQueue(name, producer, config, log)]));
  const reconciliationQueue = queues.get(QueueName.RECONCILIATION)!;
  const relays = startRelays(orm, log, config, queues);
  const stopSweep = startBatchSweep(orm, reconciliationQueue, log, config.sweepIntervalMs);
  const http = await startHttp(config, { orm, redis: producer, log, queues: [...queues.values()], workers, stopping: () => stopping });
  onShutdown(log, async () => {
    stopping = true;
    stopSweep();
    await Promise.all(relays.map((r) => r.stop()));
    await Promise.all(workers.map((w) => w.close()));
    progress.stop();
    await Promise.all([...queues.values()].map((q) => q.close()));
    // Last: /readyz answers 503 and /metrics serves while the jobs in hand finish.
    await http.stop();
    await Promise.allSettled([orm.close(), connection.quit(), producer.quit()]);
    await stopTracing();
  });
  // After the signal handlers: a SIGTERM that arrives while Redis is slow must still stop gracefully.
  await setSchedules(log, queues);
  log.info({ queues: Object.values(QueueName) }, 'worker ready');
}

/** The outbox relays (sealed batches to reconciliation, committed webhook deliveries to their queue) and the sweep of lost deliveries. */
function startRelays(orm: MikroORM, log: Logger, config: AppConfig, queues: Map<QueueName, Queue>): Array<{ stop(): unknown }> {
  const relay = new OutboxRelay(orm, reconcileOutbox(queues.get(QueueName.RECONCILIATION)!), log);
  relay.start();
  const deliveries = queues.get(QueueName.WEBHOOK_DELIVERY)!;
  const webhookRelay = new OutboxRelay(orm, webhookOutbox(deliveries, config.webhooks), log);
  webhookRelay.start(config.webhooks.relayIntervalMs);
  return [relay, webhookRelay, startDeliverySweep(orm, deliveries, config.webhooks, log, config.sweepIntervalMs)];
}

/** Webhook deliveries, many at once (each mostly waits on a receiver), retried on the webhook schedule. */
function webhookWorker(orm: MikroORM, log: Logger, config: AppConfig, options: WorkerOptions): Worker {
  return new Worker(QueueName.WEBHOOK_DELIVERY, tracedProcessor(createWebhookProcessor(orm, log, config.webhooks)), {
    ...options,
    concurrency: config.webhooks.concurrency,
    settings: { backoffStrategy: webhookBackoff(config.webhooks) },
  });
}

/** The housekeeping and checking workers, one job at a time each: every rule is one statement over the registry or the ledger already. */
function serialWorkers(orm: MikroORM, log: Logger, options: WorkerOptions, progress: ProgressSignal): Worker[] {
  return [
    new Worker(QueueName.MAINTENANCE, tracedProcessor(createMaintenanceProcessor(orm, log)), options),
    new Worker(QueueName.DATA_QUALITY, tracedProcessor(createDataQualityProcessor(orm, log, { progress })), options),
    new Worker(QueueName.FUND_SUPERVISION, tracedProcessor(createFundSupervisionProcessor(orm, log, { progress })), options),
  ];
}

/** What the worker's metrics read and watch. */
interface MetricsDeps {
  orm: MikroORM;
  redis: Redis;
  log: Logger;
  queues: Queue[];
  workers: Worker[];
  stopping: () => boolean;
}

/** The metrics (job durations and records of reconciliation and data quality, backlogs read on scrape) and the HTTP side that serves them. */
async function startHttp(config: AppConfig, deps: MetricsDeps): Promise<WorkerHttpServer> {
  const { orm, log } = deps;
  const metrics = new WorkerMetrics({
    pool: () => poolUse(orm),
    queues: deps.queues,
    outbox: () => outboxBacklog(orm.em.fork()),
    auditChain: () => auditChainLag(orm.em.fork()),
  });
  const onError = (err: unknown) => log.warn({ err: (err as Error).message }, 'job metrics not recorded');
  const worker = (name: QueueName) => deps.workers.find((w) => w.name === name)!;
  metrics.watch(
    worker(QueueName.RECONCILIATION),
    'reconciliation',
    (job, result) => (ended(result, 'completed') ? batchRecordCount(orm.em.fork(), job.data.batchId) : none()),
    onError,
  );
  metrics.watch(
    worker(QueueName.DATA_QUALITY),
    'data_quality',
    (_job, result) => (ended(result, 'COMPLETED', 'PARTIAL') ? qualityRunHouseholdCount(orm.em.fork(), (result as { runId: string }).runId) : none()),
    onError,
  );
  const http = new WorkerHttpServer({ host: config.host, port: config.workerHttpPort, registry: metrics.registry, metricsToken: config.metricsToken, ...deps });
  const port = await http.start();
  log.info({ url: `http://${config.host}:${port}/metrics`, port }, 'worker HTTP listening');
  return http;
}

/** A job's result whose `end` is one of `ends` (it went through its records). */
/** The reconciliation settings of the config. */
const reconcileSettings = (c: AppConfig) => ({
  chunkSize: c.reconcileChunkSize,
  exactConnections: c.reconcileExactConnections,
  probableThreshold: c.matchProbableThreshold,
});

const ended = (result: unknown, ...ends: string[]) => ends.includes(String((result as { end?: unknown } | null)?.end));
const none = async () => null;

/** The repeating jobs of each queue that has some. */
const SCHEDULES: Array<[QueueName, ReadonlyArray<JobSchedule>]> = [
  [QueueName.MAINTENANCE, MAINTENANCE_SCHEDULES],
  [QueueName.DATA_QUALITY, DATA_QUALITY_SCHEDULES],
  [QueueName.FUND_SUPERVISION, FUND_SUPERVISION_SCHEDULES],
];

/** Puts each queue's schedules on it; a queue whose Redis is down only logs (the next start sets them). */
async function setSchedules(log: Logger, queues: Map<QueueName, Queue>): Promise<void> {
  for (const [name, list] of SCHEDULES) {
    await upsertSchedules(queues.get(name)!, list).catch((err) => log.warn({ err: err.message, queue: name }, 'schedule not set (Redis down?)'));
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
