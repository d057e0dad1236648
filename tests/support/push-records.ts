import { HouseholdStatus, PovertyCause } from '../../src/modules/households/household.enums';
import { HealthStatus, Relationship, Sex } from '../../src/modules/members/member.enums';
import type { HouseholdRecord, MemberRecord } from '../../src/modules/pushes/push.model';

/** A validated member as the push's planner and diff receive it: a healthy male head born 1980-05-05, named after his ID's last digits. */
export function memberRecord(idNumber: string, over: Partial<MemberRecord> = {}): MemberRecord {
  return {
    idNumber,
    name: `名${idNumber.slice(-4)}`,
    nameNorm: `名${idNumber.slice(-4)}`,
    sex: Sex.MALE,
    birthDate: '1980-05-05',
    relationship: Relationship.HEAD,
    ethnicity: null,
    education: null,
    inSchool: null,
    health: HealthStatus.HEALTHY,
    disabilityLevel: null,
    labourCapacity: null,
    migrantWorker: null,
    medicalInsured: null,
    pensionInsured: null,
    receivesDibao: null,
    ...over,
  };
}

/** A validated household of village 520102001001: POOR since 2015 through illness, 2,000 yuan, safe housing and water, no members. */
export function householdRecord(over: Partial<HouseholdRecord> = {}): HouseholdRecord {
  return {
    registryNo: '5201020010010001',
    villageCode: '520102001001',
    countyCode: '520102',
    provinceCode: '52',
    status: HouseholdStatus.POOR,
    identifiedYear: 2015,
    exitYear: null,
    primaryCause: PovertyCause.ILLNESS,
    otherCauses: [],
    annualIncomePerCapita: 2000,
    housingSafe: true,
    drinkingWaterSafe: true,
    members: [],
    ...over,
  };
}
