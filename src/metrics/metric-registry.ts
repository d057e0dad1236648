import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

/** Seconds, for request-sized work: 5 ms to a minute (the request deadline). */
export const REQUEST_SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** How a connection pool is used now (knex's tarn pool under MikroORM). */
export interface PoolUse {
  used: number;
  free: number;
  /** Callers waiting for a connection. */
  pending: number;
  max: number;
}

/**
 * One registry per process (or per hub a test starts in its process), with
 * Node's own process metrics; nothing is registered in prom-client's global
 * registry, so two hubs in one test never collide.
 */
export function createRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}

/**
 * A collect-on-scrape reader that may fail (the database is down): the scrape
 * still answers, without that family's series, and the failure is counted.
 */
export function collectorFailures(registry: Registry): (collector: string, read: () => Promise<void>) => Promise<void> {
  const failures = new Counter({
    name: 'hub_metrics_collect_failures_total',
    help: 'Scrapes in which a collector (database pool, queues, outbox, audit chain) could not read its source',
    labelNames: ['collector'],
    registers: [registry],
  });
  return async (collector, read) => {
    try {
      await read();
    } catch {
      failures.inc({ collector });
    }
  };
}

/** The database pool's connections by state and its size, read on each scrape. */
export function registerPoolGauges(registry: Registry, read: () => PoolUse): void {
  new Gauge({
    name: 'hub_db_pool_connections',
    help: 'PostgreSQL pool connections of this process by state (used, free, pending = callers waiting for one)',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const use = read();
      this.set({ state: 'used' }, use.used);
      this.set({ state: 'free' }, use.free);
      this.set({ state: 'pending' }, use.pending);
    },
  });
  new Gauge({
    name: 'hub_db_pool_max_connections',
    help: 'Connections the PostgreSQL pool of this process may open',
    registers: [registry],
    collect() {
      this.set(read().max);
    },
  });
}
