import type { EntityManager } from '@mikro-orm/postgresql';
import { type Sql, runSql, sql } from '../../db/sql';
import { type TenantScope, provinceScopeSql } from '../../db/tenant-scope';
import { Relationship } from './member.enums';
import type { MemberRow } from './member.row';
import type { SelectedFields } from '../../graphql/selection';

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
 * Each MemberRow field as a `'key', value` pair of json_build_object over members aliased `m`
 * (the keys are SQL text written here, never input), so that a page builds only what it hands out.
 */
export const MEMBER_JSON_FIELDS: Readonly<Record<keyof MemberRow, Sql>> = {
  id: sql`'id', m.id`,
  householdId: sql`'householdId', m.household_id`,
  idNumber: sql`'idNumber', m.id_number`,
  name: sql`'name', m.name`,
  sex: sql`'sex', m.sex`,
  birthDate: sql`'birthDate', m.birth_date::text`,
  relationship: sql`'relationship', m.relationship`,
  ethnicity: sql`'ethnicity', m.ethnicity`,
  education: sql`'education', m.education`,
  inSchool: sql`'inSchool', m.in_school`,
  health: sql`'health', m.health`,
  disabilityLevel: sql`'disabilityLevel', m.disability_level`,
  labourCapacity: sql`'labourCapacity', m.labour_capacity`,
  migrantWorker: sql`'migrantWorker', m.migrant_worker`,
  medicalInsured: sql`'medicalInsured', m.medical_insured`,
  pensionInsured: sql`'pensionInsured', m.pension_insured`,
  receivesDibao: sql`'receivesDibao', m.receives_dibao`,
  status: sql`'status', m.status`,
  statusDate: sql`'statusDate', m.status_date::text`,
};

/**
 * `json_build_object(...)` of the member aliased `m` with the `fields` asked for (every field
 * when null) plus `always` and the `more` pairs; a name that is no MemberRow field (`__typename`) is left to GraphQL.
 */
export function memberJsonObject(fields: SelectedFields, always: ReadonlyArray<keyof MemberRow> = ['id'], more: readonly Sql[] = []): Sql {
  const names = fields ? [...new Set([...always, ...fields])] : Object.keys(MEMBER_JSON_FIELDS);
  const pairs = names.filter((f): f is keyof MemberRow => Object.hasOwn(MEMBER_JSON_FIELDS, f)).map((f) => MEMBER_JSON_FIELDS[f]);
  return sql`json_build_object(${sql.join([...pairs, ...more])})`;
}

/**
 * The members of the household aliased `h`, as a JSON array of MemberRows (only `fields` and
 * the id, when given) in the order findHouseholdMembers gives, for a page that reads its
 * households and their members in one statement (the look-ahead of `members`).
 */
export function householdMembersJson(scope: TenantScope, fields: SelectedFields = null): Sql {
  return sql`(select coalesce(json_agg(${memberJsonObject(fields)} order by array_position(${RELATIONSHIP_RANKS}::text[], coalesce(m.relationship, 'OTHER')), m.id), '[]'::json)
    from members m where m.household_id = h.id and ${provinceScopeSql(scope, 'm')})`;
}
