import type { MikroORM } from '@mikro-orm/postgresql';
import type { Job } from 'bullmq';
import type { Logger } from '../../logging/logger';

/** Job names of the maintenance queue. */
export enum MaintenanceJob {
  ANALYZE_REGISTRY = 'analyze-registry',
}

/** Data of an analyze job: which tables, never any registry content. */
export interface AnalyzeRegistryData {
  tables: Array<'households' | 'members' | 'household_events'>;
}

/** Runs nightly, and after the seeder, so the planner knows the registry's size after bulk loads. */
export const ANALYZE_SCHEDULE = { pattern: '0 30 2 * * *' };

export const ALL_REGISTRY_TABLES: AnalyzeRegistryData['tables'] = ['households', 'members', 'household_events'];

/**
 * Refreshes planner statistics. Autovacuum lags behind COPY loads of millions
 * of rows, and a stale row estimate turns the keyset page into a sequential scan.
 */
export function createMaintenanceProcessor(orm: MikroORM, log: Logger) {
  return async (job: Job<AnalyzeRegistryData>): Promise<{ analyzed: string[] }> => {
    const tables = job.data.tables.filter((t) => ALL_REGISTRY_TABLES.includes(t));
    const em = orm.em.fork();
    for (const [i, table] of tables.entries()) {
      await em.getConnection().execute(`analyze ${table}`);
      await job.updateProgress(Math.round(((i + 1) / tables.length) * 100));
    }
    log.info({ jobId: job.id, tables }, 'registry statistics refreshed');
    return { analyzed: tables };
  };
}
