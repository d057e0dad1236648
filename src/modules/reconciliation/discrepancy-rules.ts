import { Sector } from '../tenants/tenant.enums';

/** A rule: its kind, the condition on a matched row (`hit`), and the evidence it keeps. */
interface Rule {
  kind: string;
  when: string;
  sector: string;
  registry: string;
}

const ev = (pairs: Record<string, string>) => `jsonb_build_object(${Object.entries(pairs).map(([k, v]) => `'${k}', ${v}`).join(', ')})`;
const attr = (name: string) => `a->'${name}'`;

/** Every sector: the same ID with another name or birth date. */
const COMMON: Rule[] = [
  { kind: 'NAME_MISMATCH', when: `m_name_norm <> "nameNorm"`, sector: ev({ name: 'name' }), registry: ev({ name: 'm_name' }) },
  { kind: 'BIRTHDATE_MISMATCH', when: `"sentBirthDate" and "birthDate" <> m_birth_date`, sector: ev({ birthDate: '"birthDate"' }), registry: ev({ birthDate: 'm_birth_date' }) },
];

const flag = (name: string) => `(a->>'${name}')::boolean`;
const POOR_OR_RETURNED = `h_status in ('POOR', 'RETURNED')`;

/** The contract's table "Sector attributes and discrepancy kinds", as SQL over a matched row. */
const BY_SECTOR: Record<Sector, Rule[]> = {
  [Sector.CIVIL_REGISTRATION]: [
    { kind: 'DECEASED_BUT_ACTIVE', when: `a->>'status' = 'DECEASED'`, sector: ev({ status: attr('status'), eventDate: attr('eventDate') }), registry: ev({ status: 'm_status' }) },
    { kind: 'MOVED_BUT_ACTIVE', when: `a->>'status' = 'MOVED'`, sector: ev({ status: attr('status'), eventDate: attr('eventDate') }), registry: ev({ status: 'm_status' }) },
  ],
  [Sector.EDUCATION]: [
    { kind: 'SCHOOL_AGE_NOT_ENROLLED', when: `${flag('enrolled')} = false and (:year - extract(year from m_birth_date)) between 6 and 15`, sector: ev({ enrolled: attr('enrolled'), periodYear: ':year' }), registry: ev({ birthDate: 'm_birth_date' }) },
    { kind: 'SCHOOL_STATUS_STALE', when: `a->'enrolled' is not null and coalesce(in_school, false) <> ${flag('enrolled')}`, sector: ev({ enrolled: attr('enrolled') }), registry: ev({ inSchool: 'in_school' }) },
  ],
  [Sector.HEALTH]: [
    { kind: 'NOT_MEDICALLY_INSURED', when: `${flag('insured')} = false`, sector: ev({ insured: attr('insured') }), registry: ev({ medicalInsured: 'medical_insured' }) },
    { kind: 'HEALTH_STATUS_STALE', when: `${flag('seriousIllness')} and health = 'HEALTHY'`, sector: ev({ seriousIllness: attr('seriousIllness') }), registry: ev({ health: 'health' }) },
  ],
  [Sector.DISABILITY]: [
    { kind: 'DISABILITY_NOT_RECORDED', when: `(a->'certificateNo' is not null or a->'level' is not null) and health is distinct from 'DISABLED'`, sector: ev({ certificateNo: attr('certificateNo'), level: attr('level') }), registry: ev({ health: 'health', disabilityLevel: 'disability_level' }) },
    { kind: 'DISABILITY_LEVEL_MISMATCH', when: `health = 'DISABLED' and a->'level' is not null and disability_level is distinct from (a->>'level')::int`, sector: ev({ level: attr('level') }), registry: ev({ disabilityLevel: 'disability_level' }) },
  ],
  [Sector.HOUSING]: [
    { kind: 'UNSAFE_HOUSING_UNRECORDED', when: `a->>'dilapidationGrade' in ('C', 'D') and coalesce(${flag('renovated')}, false) = false and housing_safe = true`, sector: ev({ dilapidationGrade: attr('dilapidationGrade'), renovated: attr('renovated') }), registry: ev({ housingSafe: 'housing_safe' }) },
    { kind: 'HOUSING_STATUS_STALE', when: `${flag('renovated')} and housing_safe = false`, sector: ev({ renovated: attr('renovated'), renovatedYear: attr('renovatedYear') }), registry: ev({ housingSafe: 'housing_safe' }) },
  ],
  [Sector.MINIMUM_LIVING]: [
    { kind: 'ALLOWANCE_STATUS_STALE', when: `receives_dibao is not true`, sector: ev({ monthlyAmount: attr('monthlyAmount'), since: attr('since') }), registry: ev({ receivesDibao: 'receives_dibao' }) },
  ],
  [Sector.EMPLOYMENT]: [
    { kind: 'PUBLIC_SECTOR_EMPLOYEE', when: `a->>'employerType' = 'PUBLIC_SECTOR' and ${POOR_OR_RETURNED}`, sector: ev({ employerType: attr('employerType') }), registry: ev({ householdStatus: 'h_status' }) },
    { kind: 'INCOME_ABOVE_LINE', when: `(a->>'annualWage')::numeric / greatest(active_members, 1) > :line and ${POOR_OR_RETURNED}`, sector: ev({ annualWage: attr('annualWage'), povertyLine: ':line' }), registry: ev({ activeMembers: 'active_members', householdStatus: 'h_status' }) },
  ],
};

/** Every discrepancy kind a sector can raise, for docs and tests. */
export function discrepancyKinds(sector: Sector): string[] {
  return [...COMMON, ...BY_SECTOR[sector]].map((r) => r.kind);
}

/** The `found` select of a sector: one row per (record, kind) that holds, with its evidence. */
export function discrepancySelect(sector: Sector, periodYear: number, line: number): string {
  return [...COMMON, ...BY_SECTOR[sector]]
    .map((r) => {
      const evidence = `jsonb_build_object('sector', ${r.sector}, 'registry', ${r.registry})`;
      return `select "rowNo", member_id, household_id, province_code, '${r.kind}' as kind, ${evidence} as evidence from hit where ${r.when}`;
    })
    .join('\nunion all\n')
    .replaceAll(':year', String(Math.trunc(periodYear)))
    .replaceAll(':line', String(Math.trunc(line)));
}
