import type { EntityManager } from '@mikro-orm/postgresql';
import { type Sql, runSql, sql } from '../../db/sql';
import type { WebhookEventType } from './webhook.rules';

/*
 * The events of the hub's changes, written in the transaction of the change
 * (`tem`) by one statement each: the rows announced are read set-based, each
 * becomes {type, audience, data}, and webhook_emit (SECURITY DEFINER, migration
 * 20261211000100) records them, fans them out to the endpoints that subscribe
 * and may receive them, and writes one outbox row per delivery. Nothing is built
 * while no enabled endpoint takes the event type.
 */

/** The tenant codes of the province(s) with this province code. */
const provinceTenants = (provinceCode: Sql) => sql`array(select t.code from tenants t where t.kind = 'PROVINCE' and t.province_code = ${provinceCode})`;

/** Runs webhook_emit over `rows`, a select of (audience text[], data jsonb) for events of `type`. */
async function emit(tem: EntityManager, type: WebhookEventType, rows: Sql): Promise<void> {
  await runSql(
    tem,
    sql`select webhook_emit(jsonb_agg(jsonb_build_object('type', ${type}::text, 'audience', to_jsonb(e.audience), 'data', e.data)))
        from (${rows}) e where webhook_subscribed(${type}::text)`,
  );
}

/** batch.completed / batch.failed: the batch's owner (and LGOP) learn its outcome and counts. */
export function emitBatchEvent(tem: EntityManager, type: 'batch.completed' | 'batch.failed', batchId: string): Promise<void> {
  return emit(
    tem,
    type,
    sql`select array[b.tenant_code] as audience, jsonb_build_object('batchId', b.id, 'sector', b.sector, 'period', b.period, 'status', b.status,
          'totalRecords', b.total_records, 'processedRecords', b.processed_records, 'matched', b.matched, 'probable', b.probable,
          'unmatched', b.unmatched, 'invalid', b.invalid, 'discrepancies', b.discrepancies, 'error', b.error, 'finishedAt', b.finished_at) as data
        from sector_batches b where b.id = ${batchId}::uuid`,
  );
}

/** The cases' events: the raising ministry and the household's province receive them. */
const caseRows = (where: Sql) =>
  sql`select array[c.tenant_code] || ${provinceTenants(sql`c.province_code`)} as audience,
        jsonb_build_object('discrepancyId', c.id::text, 'batchId', c.batch_id, 'sector', c.sector, 'kind', c.kind, 'status', c.status,
          'registryNo', h.registry_no, 'provinceCode', c.province_code, 'countyCode', c.county_code) as data
      from discrepancy_cases c join households h on h.id = c.household_id where ${where}`;

/** discrepancy.opened: the cases a completing batch opened or reopened in this transaction. */
export function emitCasesOpened(tem: EntityManager, batchId: string): Promise<void> {
  return emit(tem, 'discrepancy.opened', caseRows(sql`c.batch_id = ${batchId}::uuid and c.status = 'OPEN' and c.opened_at = now()`));
}

/** discrepancy.resolved: a case the province resolved. */
export function emitCaseResolved(tem: EntityManager, caseId: number): Promise<void> {
  return emit(tem, 'discrepancy.resolved', caseRows(sql`c.id = ${caseId}::bigint`));
}

/** household.changed: its province, and each ministry whose batches matched it (the ministry's policy cuts the fields at delivery). */
export function emitHouseholdsChanged(tem: EntityManager, householdIds: readonly number[]): Promise<void> {
  if (!householdIds.length) return Promise.resolve();
  return emit(
    tem,
    'household.changed',
    sql`select ${provinceTenants(sql`h.province_code`)} || array(select distinct bm.tenant_code from batch_matches bm where bm.household_id = h.id) as audience,
          jsonb_build_object('householdId', h.id, 'registryNo', h.registry_no, 'provinceCode', h.province_code, 'countyCode', h.county_code,
            'villageCode', h.village_code, 'status', h.status, 'identifiedYear', h.identified_year, 'exitYear', h.exit_year,
            'primaryCause', h.primary_cause, 'version', h.version, 'updatedAt', h.updated_at) as data
        from households h where h.id = any(${householdIds}::int[])`,
  );
}

/** project.changed: its province, and the ministries whose policy reads projects of its type. */
export function emitProjectsChanged(tem: EntityManager, projectIds: readonly number[]): Promise<void> {
  if (!projectIds.length) return Promise.resolve();
  return emit(
    tem,
    'project.changed',
    sql`select ${provinceTenants(sql`p.province_code`)} || array(select sp.tenant_code from sharing_policies sp where p.type = any(sp.project_types)) as audience,
          jsonb_build_object('projectNo', p.project_no, 'type', p.type, 'name', p.name, 'provinceCode', p.province_code, 'countyCode', p.county_code,
            'status', p.status, 'version', p.version, 'updatedAt', p.updated_at) as data
        from projects p where p.id = any(${projectIds}::int[])`,
  );
}

/** quality.run.completed: the tenant that asked for the run (LGOP for the scheduled ones). */
export function emitQualityRunCompleted(tem: EntityManager, runId: string): Promise<void> {
  return emit(
    tem,
    'quality.run.completed',
    sql`select array[r.tenant_code] as audience, jsonb_build_object('runId', r.id, 'status', r.status, 'provinceCode', r.province_code, 'mode', r.mode,
          'found', r.found, 'opened', r.opened, 'fixed', r.fixed, 'failedRules', r.failed_rules, 'finishedAt', r.finished_at) as data
        from data_quality_runs r where r.id = ${runId}::uuid`,
  );
}
