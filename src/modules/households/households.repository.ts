import type { EntityManager } from '@mikro-orm/postgresql';
import { runSql, sql } from '../../db/sql';

/** Households in the registry, all provinces (the owner's count: whether the demo registry is still to be seeded). */
export async function countHouseholds(em: EntityManager): Promise<number> {
  const [{ n }] = await runSql<{ n: number }>(em, sql`select count(*)::int as n from households`);
  return n;
}
