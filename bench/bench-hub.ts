import path from 'node:path';
import pino from 'pino';
import { TokenService } from '../src/auth/token.service';
import { loadBenchConfig } from '../src/config/config';
import { startEmbeddedRedis } from '../src/embedded/embedded-redis.server';
import { buildHubSchema } from '../src/graphql/schema';
import { HubServer } from '../src/http/hub-server';
import { reconcileOutbox } from '../src/modules/reconciliation/reconcile-batch.job';
import { OutboxRelay } from '../src/queues/outbox.relay';
import { QueueName } from '../src/queues/queue-names';
import { createQueue } from '../src/queues/queue.factory';
import { type Redis, createRedis } from '../src/queues/redis.connection';
import type { BenchDatabase } from './bench-database';

/** BullMQ prefix of the bench's queues; the bench's worker process uses the same. */
export const BENCH_QUEUE_PREFIX = 'bench';

export interface BenchHub {
  url: string;
  redisUrl: string;
  token(tenantCode: string): Promise<string>;
  /** Runs `fn` with the outbox relay's polling paused, so statement counts are the request's own. */
  quiet<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The secret of every bench's tokens (a fixed development secret; the bench's hubs are its own). */
export const BENCH_TOKEN_SECRET = 'bench-secret-bench-secret-bench-secret!!';

/** The tokens of every bench. */
export function benchTokens(ttlSeconds = 600): TokenService {
  return new TokenService({ tokenSecret: BENCH_TOKEN_SECRET, tokenTtlSeconds: ttlSeconds });
}

export interface BenchRedis {
  url: string;
  redis: Redis;
  close(): Promise<void>;
}

/**
 * A Redis for a bench: REDIS_URL when set, otherwise an embedded redis-server at
 * BENCH_PG_PORT + `portOffset` under `.data/bench` (benches that run at once take different offsets).
 */
export async function openBenchRedis(portOffset: number): Promise<BenchRedis> {
  const config = loadBenchConfig();
  const port = config.benchPgPort + portOffset;
  const embedded = config.embedded
    ? await startEmbeddedRedis({ dir: path.join(config.dataDir, 'bench', `redis-${port}`), port, log: pino({ level: 'warn' }) })
    : null;
  const url = embedded?.url ?? config.redisUrl;
  const redis = createRedis(url, 'producer');
  return {
    url,
    redis,
    close: async () => {
      redis.disconnect();
      await embedded?.stop();
    },
  };
}

/**
 * The real API (schema, HTTP, auth, outbox relay) over a bench database, in
 * production mode, with a Redis of its own: REDIS_URL when set, otherwise an
 * embedded redis-server under `.data/bench`. With `dataQuality`, it also queues
 * data-quality (and fund supervision) runs for a bench worker process.
 */
export async function startBenchHub(db: BenchDatabase, opts: { dataQuality?: boolean } = {}): Promise<BenchHub> {
  const log = pino({ level: 'warn' });
  const { url: redisUrl, redis, close: closeRedis } = await openBenchRedis(1);
  const reconciliation = createQueue(QueueName.RECONCILIATION, redis, { queuePrefix: BENCH_QUEUE_PREFIX }, log);
  await reconciliation.obliterate({ force: true });
  const dataQuality = opts.dataQuality ? createQueue(QueueName.DATA_QUALITY, redis, { queuePrefix: BENCH_QUEUE_PREFIX }, log) : undefined;
  await dataQuality?.obliterate({ force: true });
  const fundSupervision = opts.dataQuality ? createQueue(QueueName.FUND_SUPERVISION, redis, { queuePrefix: BENCH_QUEUE_PREFIX }, log) : undefined;
  await fundSupervision?.obliterate({ force: true });
  const relay = new OutboxRelay(db.apiOrm, reconcileOutbox(reconciliation), log);
  relay.start(100);
  const tokens = benchTokens(3600);
  const server = new HubServer({
    // The worker's prefix: live progress travels on channels under it.
    config: { nodeEnv: 'production', host: '127.0.0.1', port: 0, queuePrefix: BENCH_QUEUE_PREFIX },
    orm: db.apiOrm,
    redis,
    schema: await buildHubSchema(),
    tokens,
    log,
    queues: { reconciliation, relay, dataQuality, fundSupervision },
  });
  const port = await server.start();
  return {
    url: `http://127.0.0.1:${port}`,
    redisUrl,
    token: (code) => tokens.sign(code),
    quiet: async (fn) => {
      await relay.stop();
      try {
        return await fn();
      } finally {
        relay.start(100);
      }
    },
    close: async () => {
      await server.stop();
      await relay.stop();
      await reconciliation.obliterate({ force: true }).catch(() => undefined);
      await reconciliation.close();
      await dataQuality?.obliterate({ force: true }).catch(() => undefined);
      await dataQuality?.close();
      await fundSupervision?.obliterate({ force: true }).catch(() => undefined);
      await fundSupervision?.close();
      await closeRedis();
    },
  };
}

/** A hub for the read benches: production mode, no queues, and a Redis client only (readiness is not measured). */
export interface ReadBenchHub {
  tokens: TokenService;
  start(): Promise<number>;
  close(): Promise<void>;
}

export async function readBenchHub(db: BenchDatabase): Promise<ReadBenchHub> {
  const tokens = benchTokens();
  const redis = createRedis('redis://127.0.0.1:1', 'producer');
  const server = new HubServer({
    config: { nodeEnv: 'production', host: '127.0.0.1', port: 0 },
    orm: db.apiOrm,
    redis,
    schema: await buildHubSchema(),
    tokens,
    log: pino({ level: 'silent' }),
  });
  return {
    tokens,
    start: () => server.start(),
    async close() {
      await server.stop();
      redis.disconnect();
    },
  };
}

/** Counts the SQL statements `orm`'s pool sends while `fn` runs. */
export async function countStatements(orm: BenchDatabase['orm'], fn: () => Promise<unknown>): Promise<number> {
  const knex = orm.em.getConnection().getKnex();
  let n = 0;
  const listener = () => void n++;
  knex.on('query', listener);
  try {
    await fn();
  } finally {
    knex.removeListener('query', listener);
  }
  return n;
}
