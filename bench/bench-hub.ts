import path from 'node:path';
import pino from 'pino';
import { TokenService } from '../src/auth/token.service';
import { loadConfig } from '../src/config/config';
import { startEmbeddedRedis } from '../src/embedded/embedded-redis.server';
import { buildHubSchema } from '../src/graphql/schema';
import { HubServer } from '../src/http/hub-server';
import { reconcileOutbox } from '../src/modules/reconciliation/reconcile-batch.job';
import { OutboxRelay } from '../src/queues/outbox.relay';
import { QueueName } from '../src/queues/queue-names';
import { createQueue } from '../src/queues/queue.factory';
import { createRedis } from '../src/queues/redis.connection';
import type { BenchDatabase } from './bench-database';

/** BullMQ prefix of the bench's queues; the bench's worker process uses the same. */
export const BENCH_QUEUE_PREFIX = 'bench';

export interface BenchHub {
  url: string;
  redisUrl: string;
  token(tenantCode: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * The real API (schema, HTTP, auth, outbox relay) over a bench database, in
 * production mode, with a Redis of its own: REDIS_URL when set, otherwise an
 * embedded redis-server under `.data/bench`.
 */
export async function startBenchHub(db: BenchDatabase): Promise<BenchHub> {
  const config = loadConfig();
  const log = pino({ level: 'warn' });
  const embedded = config.embedded
    ? await startEmbeddedRedis({ dir: path.join(config.dataDir, 'bench', `redis-${config.benchPgPort + 1}`), port: config.benchPgPort + 1, log })
    : null;
  const redisUrl = embedded?.url ?? config.redisUrl;
  const redis = createRedis(redisUrl, 'producer');
  const reconciliation = createQueue(QueueName.RECONCILIATION, redis, { queuePrefix: BENCH_QUEUE_PREFIX }, log);
  await reconciliation.obliterate({ force: true });
  const relay = new OutboxRelay(db.apiOrm, reconcileOutbox(reconciliation), log);
  relay.start(100);
  const tokens = new TokenService({ tokenSecret: 'bench-secret-bench-secret-bench-secret!!', tokenTtlSeconds: 3600 });
  const server = new HubServer({
    config: { nodeEnv: 'production', host: '127.0.0.1', port: 0 },
    orm: db.apiOrm,
    redis,
    schema: await buildHubSchema(),
    tokens,
    log,
    queues: { reconciliation, relay },
  });
  const port = await server.start();
  return {
    url: `http://127.0.0.1:${port}`,
    redisUrl,
    token: (code) => tokens.sign(code),
    close: async () => {
      await server.stop();
      await relay.stop();
      await reconciliation.obliterate({ force: true }).catch(() => undefined);
      await reconciliation.close();
      redis.disconnect();
      await embedded?.stop();
    },
  };
}
