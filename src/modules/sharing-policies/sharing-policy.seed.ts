import { Relationship } from '../members/member.enums';
import { ProjectType } from '../projects/project.enums';
import { type MemberPolicyField, MemberRows, type ProjectPolicyField, type SharingPolicyData } from './sharing-policy.fields';

const WHERE = ['provinceCode', 'countyCode', 'villageCode'] as const;
const WHO: MemberPolicyField[] = ['idNumber', 'name', 'sex', 'birthDate', 'relationship', 'status'];

// Project fields by theme (migration 000300 of 2026-12 stores the same data; a test compares them).
const WHAT: ProjectPolicyField[] = ['name', 'provinceCode', 'countyCode', 'villageCodes', 'status', 'targetsHouseholds', 'announcement'];
const WHEN: ProjectPolicyField[] = ['approvedOn', 'plannedStart', 'plannedEnd', 'completedOn'];
const MONEY: ProjectPolicyField[] = ['implementingUnit', 'budget', 'version', 'createdAt', 'updatedAt'];
/** The contract's default for ministries outside the project half: no project at all. */
const NO_PROJECTS = { projectTypes: [], projectFields: [] };

/**
 * The seven agreements of the exchange, each cut to what the ministry's
 * programmes target. Stored as rows by the 000400 migration; operators edit rows, not code.
 */
export const SEED_POLICIES: ReadonlyArray<SharingPolicyData> = [
  {
    tenantCode: 'MOE',
    description: 'Education: who lives in the household; schooling only for members aged 3-22',
    householdFields: [...WHERE, 'status', 'primaryCause'],
    memberFields: WHO,
    memberRules: [{ fields: ['education', 'inSchool'], minAge: 3, maxAge: 22 }],
    memberRows: MemberRows.ALL,
    projectTypes: [ProjectType.EDUCATION],
    projectFields: [...WHAT, ...WHEN, ...MONEY],
  },
  {
    tenantCode: 'MCA',
    description: 'Minimum living allowance: the means test (income, housing, water, labour, health, dibao)',
    householdFields: [
      ...WHERE,
      'status',
      'identifiedYear',
      'exitYear',
      'primaryCause',
      'otherCauses',
      'annualIncomePerCapita',
      'housingSafe',
      'drinkingWaterSafe',
    ],
    memberFields: [...WHO, 'statusDate', 'health', 'disabilityLevel', 'labourCapacity', 'receivesDibao'],
    memberRules: [],
    memberRows: MemberRows.ALL,
    ...NO_PROJECTS,
  },
  {
    tenantCode: 'NHFPC',
    description: 'Health: health, disability and medical insurance of every member',
    householdFields: [...WHERE, 'status', 'primaryCause'],
    memberFields: [...WHO, 'health', 'disabilityLevel', 'medicalInsured'],
    memberRules: [],
    memberRows: MemberRows.ALL,
    projectTypes: [ProjectType.HEALTH],
    projectFields: [...WHAT, ...WHEN, ...MONEY],
  },
  {
    tenantCode: 'MOHRSS',
    description: 'Employment: the matched people only; labour facts for ages 16-64',
    householdFields: ['provinceCode', 'countyCode', 'status', 'annualIncomePerCapita'],
    memberFields: WHO,
    memberRules: [{ fields: ['education', 'labourCapacity', 'migrantWorker', 'pensionInsured'], minAge: 16, maxAge: 64 }],
    memberRows: MemberRows.MATCHED,
    projectTypes: [ProjectType.EMPLOYMENT_TRAINING],
    projectFields: [...WHAT, ...WHEN, 'budget'],
  },
  {
    tenantCode: 'MOHURD',
    description: 'Housing: the dwelling and who heads the household',
    householdFields: [...WHERE, 'status', 'housingSafe', 'drinkingWaterSafe'],
    memberFields: ['relationship', 'status'],
    memberRules: [{ fields: ['idNumber', 'name'], relationships: [Relationship.HEAD] }],
    memberRows: MemberRows.ALL,
    projectTypes: [ProjectType.HOUSING_RENOVATION, ProjectType.RELOCATION],
    projectFields: [...WHAT, ...WHEN, ...MONEY, 'transactions'],
  },
  {
    tenantCode: 'MPS',
    description: 'Public security: identity fields only',
    householdFields: [...WHERE],
    memberFields: ['idNumber', 'name', 'sex', 'birthDate', 'ethnicity', 'relationship', 'status', 'statusDate'],
    memberRules: [],
    memberRows: MemberRows.ALL,
    ...NO_PROJECTS,
  },
  {
    tenantCode: 'CDPF',
    description: 'Disability: health, disability level and labour capacity of every member',
    householdFields: [...WHERE, 'status'],
    memberFields: [...WHO, 'health', 'disabilityLevel', 'labourCapacity'],
    memberRules: [],
    memberRows: MemberRows.ALL,
    ...NO_PROJECTS,
  },
];
