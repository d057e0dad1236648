import type { EntityManager } from '@mikro-orm/postgresql';
import { type Sql, runSql, sql } from '../../db/sql';
import { type TenantScope, provinceScopeSql } from '../../db/tenant-scope';
import { Relationship } from './member.enums';
import type { MemberRow } from './member.row';

/** The relationships in the order members are listed (head first; no relationship ranks as OTHER), as a bound text array. */
export const RELATIONSHIP_RANKS: string[] = Object.values(Relationship);

/** The columns of a MemberRow from the table aliased `m`; dates as `YYYY-MM-DD` text. */
export const MEMBER_COLUMNS = sql`m.id, m.household_id as "householdId", m.id_number as "idNumber", m.name, m.sex, m.birth_date::text as "birthDate",
  m.relationship, m.ethnicity, m.education, m.in_school as "inSchool", m.health, m.disability_level as "disabilityLevel",
  m.labour_capacity as "labourCapacity", m.migrant_worker as "migrantWorker", m.medical_insured as "medicalInsured",
  m.pension_insured as "pensionInsured", m.receives_dibao as "receivesDibao", m.status, m.status_date::text as "statusDate"`;

/**
 * Members of many households in one statement, within the caller's scope, in
 * household order and in each household head first (then by id).
 */
export function findHouseholdMembers(em: EntityManager, scope: TenantScope, householdIds: readonly number[]): Promise<MemberRow[]> {
  return runSql<MemberRow>(
    em,
    sql`select ${MEMBER_COLUMNS} from members m
     where m.household_id = any(${householdIds}::int[]) and ${provinceScopeSql(scope, 'm')}
     order by m.household_id, array_position(${RELATIONSHIP_RANKS}::text[], coalesce(m.relationship, 'OTHER')), m.id`,
  );
}

/**
 * The members of the household aliased `h`, as a JSON array of MemberRows in
 * the order findHouseholdMembers gives, for a page that reads its households
 * and their members in one statement (the look-ahead of `members`).
 */
export function householdMembersJson(scope: TenantScope): Sql {
  return sql`(select coalesce(json_agg(x order by array_position(${RELATIONSHIP_RANKS}::text[], coalesce(x.relationship, 'OTHER')), x.id), '[]'::json)
    from (select ${MEMBER_COLUMNS} from members m where m.household_id = h.id and ${provinceScopeSql(scope, 'm')}) x)`;
}
