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
