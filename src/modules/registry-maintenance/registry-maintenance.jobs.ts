import type { MikroORM } from '@mikro-orm/postgresql';
import type { Job } from 'bullmq';
import type { Logger } from '../../logging/logger';
import type { JobSchedule } from '../../queues/job-schedule';
import { sealAuditChain } from '../audit/audit-chain.repository';
import { PURGE_CHUNK, deleteExpiredKeys } from '../idempotency/idempotency.repository';
import { analyzeRegistryTable } from './registry-maintenance.repository';

/** Job names of the maintenance queue. */
export enum MaintenanceJob {
  ANALYZE_REGISTRY = 'analyze-registry',
  PURGE_IDEMPOTENCY_KEYS = 'purge-idempotency-keys',
  SEAL_AUDIT_CHAIN = 'seal-audit-chain',
}

/** Data of an analyze job: which tables, never any registry content. */
export interface AnalyzeRegistryData {
  tables: Array<'households' | 'members' | 'household_events'>;
}

/** Data of a purge job: nothing; expiry times live in the rows. */
export type PurgeIdempotencyData = Record<string, never>;

/** Data of a seal job: nothing; the chain's mark lives in its rows. */
export type SealAuditData = Record<string, never>;

export type MaintenanceData = AnalyzeRegistryData | PurgeIdempotencyData | SealAuditData;

/** When each job runs (cron with seconds). */
export const MAINTENANCE_SCHEDULES: ReadonlyArray<JobSchedule<MaintenanceData>> = [
  {
    id: MaintenanceJob.ANALYZE_REGISTRY,
    name: MaintenanceJob.ANALYZE_REGISTRY,
    pattern: '0 30 2 * * *',
    data: { tables: ['households', 'members', 'household_events'] },
  },
  { id: MaintenanceJob.PURGE_IDEMPOTENCY_KEYS, name: MaintenanceJob.PURGE_IDEMPOTENCY_KEYS, pattern: '0 15 * * * *', data: {} },
  // Requests insert audit rows unlinked; the tail left outside the chain is a few seconds long.
  { id: MaintenanceJob.SEAL_AUDIT_CHAIN, name: MaintenanceJob.SEAL_AUDIT_CHAIN, pattern: '*/2 * * * * *', data: {} },
];

const REGISTRY_TABLES = new Set(['households', 'members', 'household_events']);

/** One processor for the queue, dispatching on the job name. */
export function createMaintenanceProcessor(orm: MikroORM, log: Logger) {
  return async (job: Job<MaintenanceData>): Promise<Record<string, unknown>> => {
    const em = orm.em.fork();
    switch (job.name as MaintenanceJob) {
      case MaintenanceJob.ANALYZE_REGISTRY: {
        // Autovacuum lags behind bulk loads; stale estimates turn keyset pages into sequential scans.
        const tables = (job.data as AnalyzeRegistryData).tables.filter((t) => REGISTRY_TABLES.has(t));
        // ANALYZE needs ownership; the worker's role calls the owner's whitelisted function (migration 000700).
        for (const table of tables) await analyzeRegistryTable(em, table);
        log.info({ jobId: job.id, tables }, 'registry statistics refreshed');
        return { analyzed: tables };
      }
      case MaintenanceJob.PURGE_IDEMPOTENCY_KEYS: {
        const purged = await purgeExpiredKeys(orm);
        log.info({ jobId: job.id, purged }, 'expired idempotency keys purged');
        return { purged };
      }
      case MaintenanceJob.SEAL_AUDIT_CHAIN:
        return { sealed: await sealAuditChain(em) };
      default:
        throw new Error(`unknown maintenance job ${job.name}`);
    }
  };
}

/** Deletes expired keys in chunks; returns how many. */
export async function purgeExpiredKeys(orm: MikroORM): Promise<number> {
  const em = orm.em.fork();
  let purged = 0;
  for (;;) {
    const deleted = await deleteExpiredKeys(em);
    purged += deleted;
    if (deleted < PURGE_CHUNK) return purged;
  }
}
