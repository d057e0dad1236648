import type { MikroORM } from '@mikro-orm/postgresql';
import type { Client } from 'pg';

type Knex = ReturnType<ReturnType<MikroORM['em']['getConnection']>['getKnex']>;

/** Connections of the ORM's pool handed out as pg's own clients (COPY streams need the driver's client). */
export interface PoolClients {
  clients: Client[];
  release(): Promise<void>;
}

/** How many connections the ORM's pool may open. */
export function poolMax(orm: MikroORM): number {
  const knex: Knex = orm.em.getConnection().getKnex();
  return knex.client.pool?.max ?? 1;
}

/** The pool's connections now (the metrics read it on each scrape); all zero before the pool exists. */
export function poolUse(orm: MikroORM): { used: number; free: number; pending: number; max: number } {
  const knex: Knex = orm.em.getConnection().getKnex();
  const pool = knex.client.pool;
  if (!pool) return { used: 0, free: 0, pending: 0, max: 0 };
  return { used: pool.numUsed(), free: pool.numFree(), pending: pool.numPendingAcquires(), max: pool.max };
}

/** Takes `count` connections from the ORM's pool; `release` gives them back. */
export async function acquirePoolClients(orm: MikroORM, count: number): Promise<PoolClients> {
  const knex: Knex = orm.em.getConnection().getKnex();
  const clients: Client[] = [];
  const release = async () => {
    for (const c of clients.splice(0)) await knex.client.releaseConnection(c);
  };
  try {
    for (let i = 0; i < count; i++) clients.push((await knex.client.acquireConnection()) as Client);
  } catch (err) {
    await release();
    throw err;
  }
  return { clients, release };
}
