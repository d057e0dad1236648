import type { EntityManager } from '@mikro-orm/postgresql';
import { runSql, sql } from '../db/sql';

/** How many rows wait, and for how long the oldest has waited (0 when none). */
export interface Backlog {
  rows: number;
  oldestSeconds: number;
}

/** Outbox messages not yet published (through the partial index of pending rows), and the age of the oldest. */
export async function outboxBacklog(em: EntityManager): Promise<Backlog> {
  const [row] = await runSql<Backlog>(
    em,
    sql`select count(*)::int as rows, coalesce(extract(epoch from now() - min(created_at)), 0)::float8 as "oldestSeconds"
        from outbox where published_at is null`,
  );
  return row;
}

/** Audit rows not yet linked into the chain, and the age of the oldest (the owner's function of migration 20261203000301). */
export async function auditChainLag(em: EntityManager): Promise<Backlog> {
  const [row] = await runSql<Backlog>(em, sql`select unlinked::int as rows, oldest_seconds as "oldestSeconds" from audit_chain_lag()`);
  return row;
}

/** Records of a sector batch (what a reconciliation job went through). */
export async function batchRecordCount(em: EntityManager, batchId: string): Promise<number> {
  const [row] = await runSql<{ n: number }>(em, sql`select total_records as n from sector_batches where id = ${batchId}::uuid`);
  return row?.n ?? 0;
}

/** Households in a data-quality run's scope (its province, and those changed since its mark): what its rules went through. */
export async function qualityRunHouseholdCount(em: EntityManager, runId: string): Promise<number> {
  const [row] = await runSql<{ n: number }>(
    em,
    sql`select count(h.id)::int as n from data_quality_runs r join households h
          on (r.province_code is null or h.province_code = r.province_code) and (r.since is null or h.updated_at >= r.since)
        where r.id = ${runId}::uuid`,
  );
  return row?.n ?? 0;
}
