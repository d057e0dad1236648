// The API process: wires config, database, Redis, queues and the HTTP server together, and stops them in order.
// Tracing first: its instrumentations patch pg, express, graphql and ioredis as they are required.
import './tracing/api.preload';
import 'reflect-metadata';
import { TokenService } from './auth/token.service';
import { loadConfig } from './config/config';
import { databaseNodesOf } from './db/node-status';
import { openOrm, openReadRouter } from './db/orm';
import { buildHubSchema } from './graphql/schema';
import { HubServer } from './http/hub-server';
import { createLogger } from './logging/logger';
import { onShutdown } from './process/shutdown';
import { reconcileOutbox } from './modules/reconciliation/reconcile-batch.job';
import { OutboxRelay } from './queues/outbox.relay';
import { QueueName } from './queues/queue-names';
import { createQueue } from './queues/queue.factory';
import { createRedis } from './queues/redis.connection';
import { redisNodesOf } from './queues/sentinel-status';
import { stopTracing } from './tracing/tracing';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config, 'api');
  const orm = await openOrm({ ...config, databaseUrl: config.apiDatabaseUrl });
  const readRouter = await openReadRouter(config, orm, log);
  const redis = createRedis(config.redisUrl, 'producer');
  const reconciliation = createQueue(QueueName.RECONCILIATION, redis, config, log);
  const maintenance = createQueue(QueueName.MAINTENANCE, redis, config, log);
  const dataQuality = createQueue(QueueName.DATA_QUALITY, redis, config, log);
  const fundSupervision = createQueue(QueueName.FUND_SUPERVISION, redis, config, log);
  const relay = new OutboxRelay(orm, reconcileOutbox(reconciliation), log);
  relay.start();
  const server = new HubServer({
    config: { ...config, webhookAllowHosts: config.webhooks.allowHosts },
    orm,
    redis,
    schema: await buildHubSchema(),
    tokens: new TokenService(config),
    log,
    readRouter,
    nodes: { database: databaseNodesOf([config.apiDatabaseUrl, config.apiReadDatabaseUrl]), redis: redisNodesOf(config.redisUrl) },
    queues: { reconciliation, relay, dataQuality, fundSupervision, others: [maintenance, dataQuality, fundSupervision] },
    consoleDir: config.consoleDir,
  });
  const port = await server.start();
  log.info({ url: `http://${config.host}:${port}/graphql` }, 'API listening');
  onShutdown(log, async () => {
    await server.stop(config.shutdownGraceMs);
    await relay.stop();
    await Promise.all([reconciliation.close(), maintenance.close(), dataQuality.close(), fundSupervision.close()]);
    readRouter?.stop();
    await Promise.allSettled([orm.close(), redis.quit(), readRouter?.standby.close()]);
    await stopTracing();
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
