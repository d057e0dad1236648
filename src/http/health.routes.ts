import type { MikroORM } from '@mikro-orm/postgresql';
import { Router } from 'express';
import type { ReadRouter } from '../db/read-router';
import type { Redis } from '../queues/redis.connection';
import { pingDatabase } from './health.repository';

const CHECK_TIMEOUT_MS = 2_000;

/**
 * `/healthz`: the process is alive. `/readyz`: PostgreSQL (the primary) and Redis both answer and the process is not
 * stopping (503 otherwise); with a read standby it also says how that stands (`up`, `lagging`, `down`: reads then go
 * to the primary, and the hub stays ready).
 */
export function healthRoutes(orm: MikroORM, redis: Redis, stopping: () => boolean = () => false, reads?: ReadRouter): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const [database, queue] = await Promise.all([check(() => pingDatabase(orm)), check(() => redis.ping())]);
    const ready = database === 'ok' && queue === 'ok' && !stopping();
    const standby = reads ? { standby: reads.standbyState } : {};
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : stopping() ? 'stopping' : 'unavailable', database, redis: queue, ...standby });
  });
  return router;
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
