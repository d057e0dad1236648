import type { EntityManager } from '@mikro-orm/postgresql';
import { type Sql, runSql, sql } from '../../db/sql';
import { type TenantScope, provinceScopeSql } from '../../db/tenant-scope';
import type { HouseholdStatus, PovertyCause } from './household.enums';
import type { HouseholdRow } from './household.row';
import { householdMembersJson } from '../members/household-members.repository';
import type { MemberRow } from '../members/member.row';
import type { SelectedFields } from '../../graphql/selection';
import { type ReadAuditRow, readAuditInsert } from '../audit/audit.repository';

/** Households in the registry, all provinces (the owner's count: whether the demo registry is still to be seeded). */
export async function countHouseholds(em: EntityManager): Promise<number> {
  const [{ n }] = await runSql<{ n: number }>(em, sql`select count(*)::int as n from households`);
  return n;
}

/** Each HouseholdRow field but the id, as a column of the table aliased `h`. */
const HOUSEHOLD_FIELD_COLUMNS: Readonly<Record<Exclude<keyof HouseholdRow, 'id'>, Sql>> = {
  registryNo: sql`h.registry_no as "registryNo"`,
  villageCode: sql`h.village_code as "villageCode"`,
  countyCode: sql`h.county_code as "countyCode"`,
  provinceCode: sql`h.province_code as "provinceCode"`,
  status: sql`h.status`,
  identifiedYear: sql`h.identified_year as "identifiedYear"`,
  exitYear: sql`h.exit_year as "exitYear"`,
  primaryCause: sql`h.primary_cause as "primaryCause"`,
  otherCauses: sql`h.other_causes as "otherCauses"`,
  annualIncomePerCapita: sql`h.annual_income_per_capita::float8 as "annualIncomePerCapita"`,
  housingSafe: sql`h.housing_safe as "housingSafe"`,
  drinkingWaterSafe: sql`h.drinking_water_safe as "drinkingWaterSafe"`,
  removalReason: sql`h.removal_reason as "removalReason"`,
  version: sql`h.version`,
  createdAt: sql`h.created_at as "createdAt"`,
  updatedAt: sql`h.updated_at as "updatedAt"`,
};

/** The names of HouseholdRow's fields (tests check them against the GraphQL type). */
export const HOUSEHOLD_ROW_FIELDS: readonly string[] = ['id', ...Object.keys(HOUSEHOLD_FIELD_COLUMNS)];

/** The columns of a HouseholdRow from the table aliased `h` (matched-households reads them too). */
export const HOUSEHOLD_COLUMNS = sql`h.id, ${sql.join(Object.values(HOUSEHOLD_FIELD_COLUMNS))}`;

/**
 * The columns of the `fields` a page selects (every column when null), with the id and the
 * registry number always (cursor, relations and the read's audit need them); a name that is no
 * column (members, events, `__typename`) is left to its field resolver.
 */
export function householdColumns(fields: SelectedFields): Sql {
  if (!fields) return HOUSEHOLD_COLUMNS;
  const names = [...fields].filter((f): f is keyof typeof HOUSEHOLD_FIELD_COLUMNS => f !== 'registryNo' && Object.hasOwn(HOUSEHOLD_FIELD_COLUMNS, f));
  return sql`h.id, ${sql.join([HOUSEHOLD_FIELD_COLUMNS.registryNo, ...names.map((f) => HOUSEHOLD_FIELD_COLUMNS[f])])}`;
}

/** What a page reads of each household and, when `members` is given, of its members (null: every field). */
export interface HouseholdPageFields {
  household: SelectedFields;
  members?: SelectedFields;
}

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
 * Only the selected `fields` are read; with `fields.members`, each household's members come along
 * (JSON built by PostgreSQL), in the same statement.
 */
export function findHouseholdPage(
  em: EntityManager,
  scope: TenantScope,
  where: HouseholdConditions,
  afterId: number | null,
  limit: number,
  fields: HouseholdPageFields,
  audit: { row: ReadAuditRow; handedOut: number } | null = null,
): Promise<Array<HouseholdRow & { members?: MemberRow[] }>> {
  const conds = [provinceScopeSql(scope, 'h')];
  for (const [key, column] of Object.entries(COLUMN)) {
    const value = where[key as keyof HouseholdConditions];
    if (value !== undefined && value !== null) conds.push(sql`${column} = ${value}`);
  }
  if (afterId !== null) conds.push(sql`h.id > ${afterId}::int`);
  const members = fields.members !== undefined ? sql`, ${householdMembersJson(scope, fields.members)} as members` : sql.empty;
  const page = sql`select ${householdColumns(fields.household)}${members} from households h ${sql.where(conds)} order by h.id limit ${limit}::int`;
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
