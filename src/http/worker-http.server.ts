import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MikroORM } from '@mikro-orm/postgresql';
import express from 'express';
import type { Registry } from 'prom-client';
import type { Redis } from '../queues/redis.connection';
import { healthRoutes } from './health.routes';
import { metricsRoute } from './metrics.routes';

/** What the worker's HTTP side serves from. */
export interface WorkerHttpDeps {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  registry: Registry;
  metricsToken?: string;
  orm: MikroORM;
  redis: Redis;
  /** True once the worker is stopping: /readyz answers 503. */
  stopping: () => boolean;
}

/** The worker's small HTTP server: `/metrics`, `/healthz` (alive), `/readyz` (PostgreSQL and Redis answer), as the API's. */
export class WorkerHttpServer {
  private readonly server: Server;

  constructor(private readonly deps: WorkerHttpDeps) {
    const app = express();
    app.disable('x-powered-by');
    app.use(healthRoutes(deps.orm, deps.redis, { stopping: deps.stopping }));
    app.use(metricsRoute(deps.registry, deps.metricsToken));
    this.server = createServer(app);
  }

  /** Listens; resolves with the bound port. */
  async start(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.deps.port, this.deps.host, resolve);
    });
    return (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    // Scrapers keep their connections alive; nothing here is worth waiting for.
    this.server.closeAllConnections();
    await closed;
  }
}
