import type { EntityManager } from '@mikro-orm/postgresql';
import { runSql, sql } from '../../db/sql';
import { type TenantScope, provinceScopeSql } from '../../db/tenant-scope';
import type { MemberRow } from './member.row';

/** The columns of a `MemberRow` from `members m`, under the GraphQL field names (dates as `YYYY-MM-DD` text, as the entity has them). */
export const MEMBER_COLUMNS = sql`m.id, m.household_id as "householdId", m.id_number as "idNumber", m.name, m.sex, m.birth_date::text as "birthDate",
  m.relationship, m.ethnicity, m.education, m.in_school as "inSchool", m.health, m.disability_level as "disabilityLevel",
  m.labour_capacity as "labourCapacity", m.migrant_worker as "migrantWorker", m.medical_insured as "medicalInsured",
  m.pension_insured as "pensionInsured", m.receives_dibao as "receivesDibao", m.status, m.status_date::text as "statusDate"`;

/**
 * Members by id, in one statement, within the caller's scope (the tenant
 * filter's condition, written here; row-level security checks it again).
 */
export function findMembersById(em: EntityManager, scope: TenantScope, ids: readonly number[]): Promise<MemberRow[]> {
  return runSql<MemberRow>(em, sql`select ${MEMBER_COLUMNS} from members m where m.id = any(${ids}::int[]) and ${provinceScopeSql(scope, 'm')}`);
}
