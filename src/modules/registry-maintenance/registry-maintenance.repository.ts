import type { EntityManager } from '@mikro-orm/postgresql';
import { runSql, sql } from '../../db/sql';

/**
 * Refreshes a registry table's planner statistics. ANALYZE needs ownership; the
 * worker's role calls the owner's function, which takes only whitelisted table names (migration 000700).
 */
export async function analyzeRegistryTable(em: EntityManager, table: 'households' | 'members' | 'household_events'): Promise<void> {
  await runSql(em, sql`select analyze_registry_table(${table}::text)`);
}
