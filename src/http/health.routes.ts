import type { MikroORM } from '@mikro-orm/postgresql';
import { Router } from 'express';
import type { DatabaseNodes } from '../db/node-status';
import type { ReadRouter } from '../db/read-router';
import type { Redis } from '../queues/redis.connection';
import type { RedisNodes } from '../queues/sentinel-status';
import { pingDatabase } from './health.repository';

const CHECK_TIMEOUT_MS = 2_000;

/** What /readyz reports beyond the primary and Redis answering. */
export interface HealthOptions {
  /** True once the process is stopping: /readyz answers 503. */
  stopping?: () => boolean;
  /** The read standby's state (`up`, `lagging`, `down`). */
  reads?: ReadRouter;
  /** Every PostgreSQL node of the database URLs, and the Redis servers as Sentinel reports them. */
  nodes?: { database?: DatabaseNodes; redis?: RedisNodes };
}

/**
 * `/healthz`: the process is alive. `/readyz`: PostgreSQL (the primary) and Redis both answer and the process is not
 * stopping (503 otherwise); with a read standby it also says how that stands (`up`, `lagging`, `down`: reads then go
 * to the primary, and the hub stays ready), and with HA nodes which of them are up, their roles and lag.
 */
export function healthRoutes(orm: MikroORM, redis: Redis, opts: HealthOptions = {}): Router {
  const stopping = opts.stopping ?? (() => false);
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const [database, queue, nodes] = await Promise.all([check(() => pingDatabase(orm)), check(() => redis.ping()), nodeStates(opts.nodes)]);
    const ready = database === 'ok' && queue === 'ok' && !stopping();
    const standby = opts.reads ? { standby: opts.reads.standbyState } : {};
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : stopping() ? 'stopping' : 'unavailable', database, redis: queue, ...standby, ...nodes });
  });
  return router;
}

/** `{ nodes: { database, redis } }` for the parts the process knows of; nothing without HA nodes. */
async function nodeStates(nodes: HealthOptions['nodes']): Promise<object> {
  if (!nodes?.database && !nodes?.redis) return {};
  const [database, redis] = await Promise.all([nodes.database?.describe(), nodes.redis?.describe()]);
  return { nodes: { ...(database ? { database } : {}), ...(redis ? { redis: redis.nodes, sentinels: redis.sentinels } : {}) } };
}

async function check(probe: () => Promise<unknown>): Promise<'ok' | 'down'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([probe(), timeout]);
    return 'ok';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}
