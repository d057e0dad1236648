import type { EntityManager } from '@mikro-orm/postgresql';
import { boundQuery } from '../../db/bound-query';
import { Relationship } from '../members/member.enums';
import type { MemberFacts } from './sharing-policy.rules';

const RANKS = `array[${Object.values(Relationship).map((r) => `'${r}'`).join(', ')}]`;

/** Member columns in the GraphQL field names, plus the caller's match facts, probed on the household index. */
const SELECT = `select m.id, m.household_id as "householdId", m.id_number as "idNumber", m.name, m.sex, m.birth_date::text as "birthDate",
    m.relationship, m.ethnicity, m.education, m.in_school as "inSchool", m.health, m.disability_level as "disabilityLevel",
    m.labour_capacity as "labourCapacity", m.migrant_worker as "migrantWorker", m.medical_insured as "medicalInsured",
    m.pension_insured as "pensionInsured", m.receives_dibao as "receivesDibao", m.status, m.status_date::text as "statusDate",
    exists (select 1 from batch_matches x where x.tenant_code = $tenant and x.household_id = m.household_id and x.member_id = m.id) as matched,
    exists (select 1 from batch_matches x where x.tenant_code = $tenant and x.household_id = m.household_id and x.member_id = m.id
      and x.outcome = 'MATCHED') as sent
  from members m`;

const withTenant = (sql: string) => sql.replaceAll('$tenant', '?');

/** A PostgreSQL array literal of integers, to send a list as one bind parameter. */
export const intArray = (ids: readonly number[]) => `{${ids.map((i) => Math.trunc(i)).join(',')}}`;

/**
 * Members of households the tenant's batches matched, in one statement, head
 * first. A household the tenant has no match in yields no member, whatever id
 * a caller asks for: the authorisation is in the statement itself.
 */
export function findSharedMembers(em: EntityManager, tenantCode: string, householdIds: readonly number[]): Promise<MemberFacts[]> {
  return boundQuery<MemberFacts>(
    em,
    withTenant(`${SELECT}
     where m.household_id = any(?::int[])
       and exists (select 1 from batch_matches x where x.tenant_code = $tenant and x.household_id = m.household_id)
     order by m.household_id, coalesce(array_position(${RANKS}, m.relationship), 99), m.id`),
    [tenantCode, tenantCode, intArray(householdIds), tenantCode],
  );
}

/** Members by id (the matched members and suggestions of the tenant's own batch records). */
export function findSharedMembersById(em: EntityManager, tenantCode: string, memberIds: readonly number[]): Promise<MemberFacts[]> {
  return boundQuery<MemberFacts>(em, withTenant(`${SELECT} where m.id = any(?::int[])`), [tenantCode, tenantCode, intArray(memberIds)]);
}
