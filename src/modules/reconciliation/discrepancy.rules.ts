import { type Sql, sql } from '../../db/sql';
import { Sector } from '../tenants/tenant.enums';

/** A rule: its kind, the condition on a matched row (`hit`), and the evidence it keeps (`jsonb_build_object` of each side). */
interface Rule {
  kind: string;
  when: Sql;
  sector: Sql;
  registry: Sql;
}

/** The values a batch gives the rules; they travel as bind parameters. */
export interface RuleValues {
  /** The year of the batch's period. */
  periodYear: number;
  /** The poverty line of that year (yuan per person and year). */
  povertyLine: number;
}

/** Every sector: the same ID with another name (after folding traditional characters to simplified) or birth date. */
const COMMON: Rule[] = [
  {
    kind: 'NAME_MISMATCH',
    when: sql`m_name_fold <> "nameFold"`,
    sector: sql`jsonb_build_object('name', name)`,
    registry: sql`jsonb_build_object('name', m_name)`,
  },
  {
    kind: 'BIRTHDATE_MISMATCH',
    when: sql`"sentBirthDate" and "birthDate" <> m_birth_date`,
    sector: sql`jsonb_build_object('birthDate', "birthDate")`,
    registry: sql`jsonb_build_object('birthDate', m_birth_date)`,
  },
];

const POOR_OR_RETURNED = sql`h_status in ('POOR', 'RETURNED')`;

/** The batch's values as bound SQL: the period year and the poverty line. */
interface Bound {
  year: Sql;
  line: Sql;
}

/** The contract's table "Sector attributes and discrepancy kinds", as SQL over a matched row (`a`: the record's attributes). */
const BY_SECTOR: Record<Sector, (v: Bound) => Rule[]> = {
  [Sector.CIVIL_REGISTRATION]: () => [
    {
      kind: 'DECEASED_BUT_ACTIVE',
      when: sql`a->>'status' = 'DECEASED'`,
      sector: sql`jsonb_build_object('status', a->'status', 'eventDate', a->'eventDate')`,
      registry: sql`jsonb_build_object('status', m_status)`,
    },
    {
      kind: 'MOVED_BUT_ACTIVE',
      when: sql`a->>'status' = 'MOVED'`,
      sector: sql`jsonb_build_object('status', a->'status', 'eventDate', a->'eventDate')`,
      registry: sql`jsonb_build_object('status', m_status)`,
    },
  ],
  [Sector.EDUCATION]: ({ year }) => [
    {
      kind: 'SCHOOL_AGE_NOT_ENROLLED',
      when: sql`(a->>'enrolled')::boolean = false and (${year} - extract(year from m_birth_date)) between 6 and 15`,
      sector: sql`jsonb_build_object('enrolled', a->'enrolled', 'periodYear', ${year})`,
      registry: sql`jsonb_build_object('birthDate', m_birth_date)`,
    },
    {
      kind: 'SCHOOL_STATUS_STALE',
      when: sql`a->'enrolled' is not null and coalesce(in_school, false) <> (a->>'enrolled')::boolean`,
      sector: sql`jsonb_build_object('enrolled', a->'enrolled')`,
      registry: sql`jsonb_build_object('inSchool', in_school)`,
    },
  ],
  [Sector.HEALTH]: () => [
    {
      kind: 'NOT_MEDICALLY_INSURED',
      when: sql`(a->>'insured')::boolean = false`,
      sector: sql`jsonb_build_object('insured', a->'insured')`,
      registry: sql`jsonb_build_object('medicalInsured', medical_insured)`,
    },
    {
      kind: 'HEALTH_STATUS_STALE',
      when: sql`(a->>'seriousIllness')::boolean and health = 'HEALTHY'`,
      sector: sql`jsonb_build_object('seriousIllness', a->'seriousIllness')`,
      registry: sql`jsonb_build_object('health', health)`,
    },
  ],
  [Sector.DISABILITY]: () => [
    {
      kind: 'DISABILITY_NOT_RECORDED',
      when: sql`(a->'certificateNo' is not null or a->'level' is not null) and health is distinct from 'DISABLED'`,
      sector: sql`jsonb_build_object('certificateNo', a->'certificateNo', 'level', a->'level')`,
      registry: sql`jsonb_build_object('health', health, 'disabilityLevel', disability_level)`,
    },
    {
      kind: 'DISABILITY_LEVEL_MISMATCH',
      when: sql`health = 'DISABLED' and a->'level' is not null and disability_level is distinct from (a->>'level')::int`,
      sector: sql`jsonb_build_object('level', a->'level')`,
      registry: sql`jsonb_build_object('disabilityLevel', disability_level)`,
    },
  ],
  [Sector.HOUSING]: () => [
    {
      kind: 'UNSAFE_HOUSING_UNRECORDED',
      when: sql`a->>'dilapidationGrade' in ('C', 'D') and coalesce((a->>'renovated')::boolean, false) = false and housing_safe = true`,
      sector: sql`jsonb_build_object('dilapidationGrade', a->'dilapidationGrade', 'renovated', a->'renovated')`,
      registry: sql`jsonb_build_object('housingSafe', housing_safe)`,
    },
    {
      kind: 'HOUSING_STATUS_STALE',
      when: sql`(a->>'renovated')::boolean and housing_safe = false`,
      sector: sql`jsonb_build_object('renovated', a->'renovated', 'renovatedYear', a->'renovatedYear')`,
      registry: sql`jsonb_build_object('housingSafe', housing_safe)`,
    },
  ],
  [Sector.MINIMUM_LIVING]: () => [
    {
      kind: 'ALLOWANCE_STATUS_STALE',
      when: sql`receives_dibao is not true`,
      sector: sql`jsonb_build_object('monthlyAmount', a->'monthlyAmount', 'since', a->'since')`,
      registry: sql`jsonb_build_object('receivesDibao', receives_dibao)`,
    },
  ],
  [Sector.EMPLOYMENT]: ({ line }) => [
    {
      kind: 'PUBLIC_SECTOR_EMPLOYEE',
      when: sql`a->>'employerType' = 'PUBLIC_SECTOR' and ${POOR_OR_RETURNED}`,
      sector: sql`jsonb_build_object('employerType', a->'employerType')`,
      registry: sql`jsonb_build_object('householdStatus', h_status)`,
    },
    {
      kind: 'INCOME_ABOVE_LINE',
      when: sql`(a->>'annualWage')::numeric / greatest(active_members, 1) > ${line} and ${POOR_OR_RETURNED}`,
      sector: sql`jsonb_build_object('annualWage', a->'annualWage', 'povertyLine', ${line})`,
      registry: sql`jsonb_build_object('activeMembers', active_members, 'householdStatus', h_status)`,
    },
  ],
};

const rulesOf = (sector: Sector, v: RuleValues): Rule[] => [
  ...COMMON,
  ...BY_SECTOR[sector]({ year: sql`${Math.trunc(v.periodYear)}::int`, line: sql`${Math.trunc(v.povertyLine)}::int` }),
];

/** Every discrepancy kind a sector can raise, for docs and tests. */
export function discrepancyKinds(sector: Sector): string[] {
  return rulesOf(sector, { periodYear: 0, povertyLine: 0 }).map((r) => r.kind);
}

/** The `found` select of a sector: one row per (record, kind) that holds, with its evidence. */
export function discrepancySelect(sector: Sector, v: RuleValues): Sql {
  return sql.join(
    rulesOf(sector, v).map(
      (r) =>
        sql`select "rowNo", member_id, m_id_number, household_id, province_code, county_code, ${r.kind}::text as kind, jsonb_build_object('sector', ${r.sector}, 'registry', ${r.registry}) as evidence from hit where ${r.when}`,
    ),
    ' union all ',
  );
}
