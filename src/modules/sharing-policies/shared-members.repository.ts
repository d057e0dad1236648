import type { EntityManager } from '@mikro-orm/postgresql';
import { type Sql, runSql, sql } from '../../db/sql';
import { Relationship } from '../members/member.enums';
import type { MemberRow } from '../members/member.row';
import { memberJsonObject } from '../members/household-members.repository';
import type { SelectedFields } from '../../graphql/selection';

/** A member row with what the caller's own batches say about it (see MemberFacts). */
export type SharedMemberRow = MemberRow & { matched: boolean; sent: boolean };

/** The relationships in the order members are listed (head first), as a bound text array. */
const RANKS: string[] = Object.values(Relationship);

/** Member columns in the GraphQL field names, plus the caller's match facts, probed on the household index. */
const select = (
  tenantCode: string,
): Sql => sql`select m.id, m.household_id as "householdId", m.id_number as "idNumber", m.name, m.sex, m.birth_date::text as "birthDate",
    m.relationship, m.ethnicity, m.education, m.in_school as "inSchool", m.health, m.disability_level as "disabilityLevel",
    m.labour_capacity as "labourCapacity", m.migrant_worker as "migrantWorker", m.medical_insured as "medicalInsured",
    m.pension_insured as "pensionInsured", m.receives_dibao as "receivesDibao", m.status, m.status_date::text as "statusDate",
    exists (select 1 from batch_matches x where x.tenant_code = ${tenantCode} and x.household_id = m.household_id and x.member_id = m.id) as matched,
    exists (select 1 from batch_matches x where x.tenant_code = ${tenantCode} and x.household_id = m.household_id and x.member_id = m.id
      and x.outcome = 'MATCHED') as sent
  from members m`;

/**
 * Members of households the tenant's batches matched, in one statement, head
 * first. A household the tenant has no match in yields no member, whatever id
 * a caller asks for: the authorisation is in the statement itself.
 */
export function findSharedMembers(em: EntityManager, tenantCode: string, householdIds: readonly number[]): Promise<SharedMemberRow[]> {
  return runSql<SharedMemberRow>(
    em,
    sql`${select(tenantCode)}
     where m.household_id = any(${householdIds}::int[])
       and exists (select 1 from batch_matches x where x.tenant_code = ${tenantCode} and x.household_id = m.household_id)
     order by m.household_id, coalesce(array_position(${RANKS}::text[], m.relationship), 99), m.id`,
  );
}

/**
 * Members by id (the matched members and suggestions of the tenant's own batch records), of households
 * the tenant matched: the ministry's scope written here as in findSharedMembers; row-level security checks it again.
 */
export function findSharedMembersById(em: EntityManager, tenantCode: string, memberIds: readonly number[]): Promise<SharedMemberRow[]> {
  return runSql<SharedMemberRow>(
    em,
    sql`${select(tenantCode)} where m.id = any(${memberIds}::int[])
      and exists (select 1 from batch_matches x where x.tenant_code = ${tenantCode} and x.household_id = m.household_id)`,
  );
}

/** What the policy needs of every member it cuts (MemberFacts), whatever the operation selects. */
const POLICY_FACTS: ReadonlyArray<keyof MemberRow> = ['id', 'householdId', 'idNumber', 'birthDate', 'relationship'];

/**
 * The members findSharedMembers gives for the household aliased `h`, as a JSON
 * array, for a page that reads its households and their members in one statement:
 * only `fields` (every field when null) and what the policy needs of each.
 */
export function sharedMembersJson(tenantCode: string, fields: SelectedFields = null): Sql {
  const mine = sql`x.tenant_code = ${tenantCode} and x.household_id = m.household_id and x.member_id = m.id`;
  const facts = [
    sql`'matched', exists (select 1 from batch_matches x where ${mine})`,
    sql`'sent', exists (select 1 from batch_matches x where ${mine} and x.outcome = 'MATCHED')`,
  ];
  return sql`(select coalesce(json_agg(${memberJsonObject(fields, POLICY_FACTS, facts)} order by coalesce(array_position(${RANKS}::text[], m.relationship), 99), m.id), '[]'::json)
    from members m where m.household_id = h.id
      and exists (select 1 from batch_matches x where x.tenant_code = ${tenantCode} and x.household_id = m.household_id))`;
}
