import type { EntityManager } from '@mikro-orm/postgresql';
import { type Sql, runSql, sql } from '../../db/sql';
import { type TenantScope, provinceScopeSql } from '../../db/tenant-scope';
import type { HouseholdStatus, PovertyCause } from './household.enums';
import type { HouseholdRow } from './household.row';
import { householdMembersJson } from '../members/household-members.repository';
import type { MemberRow } from '../members/member.row';
import { type ReadAuditRow, readAuditInsert } from '../audit/audit.repository';

/** Households in the registry, all provinces (the owner's count: whether the demo registry is still to be seeded). */
export async function countHouseholds(em: EntityManager): Promise<number> {
  const [{ n }] = await runSql<{ n: number }>(em, sql`select count(*)::int as n from households`);
  return n;
}

/** The columns of a HouseholdRow from the table aliased `h` (matched-households reads them too). */
export const HOUSEHOLD_COLUMNS = sql`h.id, h.registry_no as "registryNo", h.village_code as "villageCode", h.county_code as "countyCode",
  h.province_code as "provinceCode", h.status, h.identified_year as "identifiedYear", h.exit_year as "exitYear",
  h.primary_cause as "primaryCause", h.other_causes as "otherCauses", h.annual_income_per_capita::float8 as "annualIncomePerCapita",
  h.housing_safe as "housingSafe", h.drinking_water_safe as "drinkingWaterSafe", h.removal_reason as "removalReason",
  h.version, h.created_at as "createdAt", h.updated_at as "updatedAt"`;

/** Conditions of a households page; each given one must hold. */
export interface HouseholdConditions {
  provinceCode?: string;
  countyCode?: string;
  villageCode?: string;
  status?: HouseholdStatus;
  primaryCause?: PovertyCause;
  identifiedYear?: number;
  exitYear?: number;
}

const COLUMN: Record<keyof HouseholdConditions, Sql> = {
  provinceCode: sql`h.province_code`,
  countyCode: sql`h.county_code`,
  villageCode: sql`h.village_code`,
  status: sql`h.status`,
  primaryCause: sql`h.primary_cause`,
  identifiedYear: sql`h.identified_year`,
  exitYear: sql`h.exit_year`,
};

/**
 * A keyset page in registry order within the caller's scope (the data layer's
 * condition; row-level security checks it again): the cost of page N does not grow with N.
 * `withMembers`: each household's members come along (JSON built by PostgreSQL), in the same statement.
 */
export function findHouseholdPage(
  em: EntityManager,
  scope: TenantScope,
  where: HouseholdConditions,
  afterId: number | null,
  limit: number,
  withMembers: boolean,
  audit: { row: ReadAuditRow; handedOut: number } | null = null,
): Promise<Array<HouseholdRow & { members?: MemberRow[] }>> {
  const conds = [provinceScopeSql(scope, 'h')];
  for (const [key, column] of Object.entries(COLUMN)) {
    const value = where[key as keyof HouseholdConditions];
    if (value !== undefined && value !== null) conds.push(sql`${column} = ${value}`);
  }
  if (afterId !== null) conds.push(sql`h.id > ${afterId}::int`);
  const members = withMembers ? sql`, ${householdMembersJson(scope)} as members` : sql.empty;
  const page = sql`select ${HOUSEHOLD_COLUMNS}${members} from households h ${sql.where(conds)} order by h.id limit ${limit}::int`;
  if (!audit) return runSql(em, page);
  // The read's audit row in the page's own statement, naming the households handed out (not the look-ahead row).
  const handedOut = sql`array(select p."registryNo" from page p order by p.id limit ${audit.handedOut}::int)`;
  return runSql(em, sql`with page as (${page}), audit as (${readAuditInsert(audit.row, handedOut)}) select * from page order by id`);
}

/** One household by registry number within the caller's scope, or null. */
export async function findHouseholdByRegistryNo(em: EntityManager, scope: TenantScope, registryNo: string): Promise<HouseholdRow | null> {
  const [row] = await runSql<HouseholdRow>(
    em,
    sql`select ${HOUSEHOLD_COLUMNS} from households h where h.registry_no = ${registryNo} and ${provinceScopeSql(scope, 'h')}`,
  );
  return row ?? null;
}
