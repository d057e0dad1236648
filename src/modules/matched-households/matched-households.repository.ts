import type { EntityManager } from '@mikro-orm/postgresql';
import { boundQuery } from '../../db/bound-query';
import type { HouseholdStatus, PovertyCause } from '../households/household.enums';
import type { MatchFact } from './matched-household.type';

/** Conditions of a page; household columns and match columns alike. */
export interface MatchConditions {
  provinceCode?: string;
  countyCode?: string;
  villageCode?: string;
  registryNo?: string;
  status?: HouseholdStatus;
  primaryCause?: PovertyCause;
  identifiedYear?: number;
  exitYear?: number;
  discrepancyKind?: string;
}

/** A household row in the GraphQL field names, with its match facts. */
export interface MatchedRow {
  id: number;
  matches: MatchFact[];
  [field: string]: unknown;
}

const COLUMN: Record<Exclude<keyof MatchConditions, 'discrepancyKind'>, string> = {
  provinceCode: 'bm.province_code',
  countyCode: 'bm.county_code',
  villageCode: 'h.village_code',
  registryNo: 'h.registry_no',
  status: 'h.status',
  primaryCause: 'h.primary_cause',
  identifiedYear: 'h.identified_year',
  exitYear: 'h.exit_year',
};

const HOUSEHOLD = `h.id, h.registry_no as "registryNo", h.village_code as "villageCode", h.county_code as "countyCode",
  h.province_code as "provinceCode", h.status, h.identified_year as "identifiedYear", h.exit_year as "exitYear",
  h.primary_cause as "primaryCause", h.other_causes as "otherCauses", h.annual_income_per_capita::float8 as "annualIncomePerCapita",
  h.housing_safe as "housingSafe", h.drinking_water_safe as "drinkingWaterSafe", h.removal_reason as "removalReason",
  h.version, h.created_at as "createdAt", h.updated_at as "updatedAt"`;

/** The batches whose matches a read uses: the latest completed one per (ministry, period), or one chosen batch. */
export async function selectBatches(em: EntityManager, by: { tenantCode?: string; sector?: string; batchId?: string }): Promise<Array<{ id: string; tenantCode: string }>> {
  const conds = [`status = 'COMPLETED'`];
  const params: string[] = [];
  for (const [column, value] of [['tenant_code', by.tenantCode], ['sector', by.sector], ['id', by.batchId]] as const) {
    if (value === undefined) continue;
    conds.push(column === 'id' ? `id = ?::uuid` : `${column} = ?`);
    params.push(value);
  }
  return boundQuery(
    em,
    `select distinct on (tenant_code, period) id, tenant_code as "tenantCode" from sector_batches
     where ${conds.join(' and ')} order by tenant_code, period, created_at desc, id`,
    params,
  );
}

/**
 * One page of matched households in one statement: walks the matches in
 * household order (an index), stops at `limit`, and brings each household's
 * row and its match facts along.
 */
export async function findMatchedPage(
  em: EntityManager,
  batches: Array<{ id: string; tenantCode: string }>,
  where: MatchConditions,
  afterId: number,
  limit: number,
): Promise<MatchedRow[]> {
  if (!batches.length) return [];
  const tenantCodes = [...new Set(batches.map((b) => b.tenantCode))];
  // PostgreSQL 16 reads the (tenant, household) index in household order under `=` but not under `= any(...)`:
  // with one tenant (a ministry, always) the page walks the index and stops at `limit` instead of sorting all matches.
  const tenantIs = tenantCodes.length === 1 ? 'bm.tenant_code = ?' : 'bm.tenant_code = any(?::text[])';
  const tenants = tenantCodes.length === 1 ? tenantCodes[0] : `{${tenantCodes.join(',')}}`;
  const ids = `{${batches.map((b) => b.id).join(',')}}`;
  const conds: string[] = [];
  const params: Array<string | number> = [];
  for (const [key, column] of Object.entries(COLUMN)) {
    const value = where[key as keyof typeof COLUMN];
    if (value === undefined || value === null) continue;
    conds.push(`${column} = ?`);
    params.push(value);
  }
  if (where.discrepancyKind) {
    conds.push(`? = any(bm.discrepancy_kinds)`);
    params.push(where.discrepancyKind);
  }
  return boundQuery<MatchedRow>(
    em,
    `with page as (
       select bm.household_id from batch_matches bm join households h on h.id = bm.household_id
       where ${tenantIs} and bm.batch_id = any(?::uuid[]) and bm.household_id > ? ${conds.map((c) => `and ${c}`).join(' ')}
       group by bm.household_id order by bm.household_id limit ?
     )
     select ${HOUSEHOLD},
       (select json_agg(json_build_object('batchId', bm.batch_id, 'period', b.period, 'rowNo', bm.row_no, 'outcome', bm.outcome,
          'discrepancyKinds', bm.discrepancy_kinds, 'memberId', bm.member_id, 'householdId', bm.household_id) order by b.period, bm.row_no)
        from batch_matches bm join sector_batches b on b.id = bm.batch_id
        where ${tenantIs} and bm.household_id = h.id and bm.batch_id = any(?::uuid[])) as matches
     from page p join households h on h.id = p.household_id order by h.id`,
    [tenants, ids, afterId, ...params, limit, tenants, ids],
  );
}
