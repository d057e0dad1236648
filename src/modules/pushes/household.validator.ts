import { ContractErrorCode } from '../../graphql/error-code';
import { HouseholdStatus } from '../households/household.enums';
import { Relationship } from '../members/member.enums';
import type { HouseholdInput } from './push.inputs';
import type { HouseholdRecord, MemberRecord, Validated } from './push.model';
import type { FieldError } from './push.types';
import { validateMember } from './member.validator';

/** What validation needs to know about the caller and the day. */
export interface ValidationContext {
  provinceCode: string;
  today: Date;
}

/** The first year a household can have been identified (the registry began in 2014; earlier programmes back to 1986). */
const FIRST_YEAR = 1986;
const REGISTRY_NO = /^[0-9A-Z]{6,32}$/;
const MAX_MEMBERS = 50;
/** The column holds 12 digits with 2 decimals; no real per-person income comes near it. */
const MAX_INCOME = 100_000_000;

/** Validates one household in memory; every problem is reported with its path, none stops the others. */
export function validateHousehold(input: HouseholdInput, path: string, ctx: ValidationContext): Validated {
  const errors: FieldError[] = [];
  const bad = (field: string, message: string, code = ContractErrorCode.BAD_USER_INPUT) =>
    errors.push({ path: field ? `${path}.${field}` : path, code, message });
  checkPlace(input, ctx, bad);
  checkYears(input, ctx, bad);
  if (input.annualIncomePerCapita != null && !(Number.isFinite(input.annualIncomePerCapita) && input.annualIncomePerCapita >= 0)) {
    bad('annualIncomePerCapita', 'Income per person cannot be negative');
  } else if (input.annualIncomePerCapita != null && input.annualIncomePerCapita >= MAX_INCOME) {
    bad('annualIncomePerCapita', `Income per person must be below ${MAX_INCOME.toLocaleString('en-US')} yuan a year`);
  }
  const members = checkMembers(input, path, ctx, errors, bad);
  if (errors.length) return { ok: false, errors };
  return { ok: true, record: toRecord(input, members) };
}

type Report = (field: string, message: string, code?: ContractErrorCode) => void;

function checkPlace(input: HouseholdInput, ctx: ValidationContext, bad: Report): void {
  if (!REGISTRY_NO.test(input.registryNo)) bad('registryNo', 'Registry number must be 6-32 digits or capital letters');
  else if (!input.registryNo.startsWith(ctx.provinceCode)) {
    bad('registryNo', `Registry number must start with your province code ${ctx.provinceCode}`, ContractErrorCode.FORBIDDEN);
  }
  if (!/^\d{12}$/.test(input.villageCode)) bad('villageCode', 'Village code must be 12 digits');
  else if (!input.villageCode.startsWith(ctx.provinceCode)) {
    bad('villageCode', `Village code must start with your province code ${ctx.provinceCode}`, ContractErrorCode.FORBIDDEN);
  }
}

function checkYears(input: HouseholdInput, ctx: ValidationContext, bad: Report): void {
  const thisYear = ctx.today.getUTCFullYear();
  if (!(input.identifiedYear >= FIRST_YEAR && input.identifiedYear <= thisYear)) {
    bad('identifiedYear', `Identification year must be between ${FIRST_YEAR} and ${thisYear}`);
  }
  const exited = input.status === HouseholdStatus.EXITED || input.status === HouseholdStatus.RETURNED;
  if (input.exitYear == null) {
    if (input.status === HouseholdStatus.EXITED) bad('exitYear', 'An EXITED household needs its exit year');
    return;
  }
  if (!exited) bad('exitYear', 'Only an EXITED or RETURNED household has an exit year');
  else if (input.exitYear > thisYear) bad('exitYear', `Exit year ${input.exitYear} is in the future`);
  else if (input.exitYear < input.identifiedYear) {
    bad('exitYear', `Exit year ${input.exitYear} is before the identification year ${input.identifiedYear}`);
  }
}

function checkMembers(input: HouseholdInput, path: string, ctx: ValidationContext, errors: FieldError[], bad: Report): MemberRecord[] {
  if (input.members.length === 0) bad('members', 'A household needs at least one member');
  if (input.members.length > MAX_MEMBERS) bad('members', `A household has at most ${MAX_MEMBERS} members`);
  const heads = input.members.filter((m) => m.relationship === Relationship.HEAD).length;
  if (input.members.length && heads === 0) bad('members', 'The household has no head (relationship HEAD)');
  if (heads > 1) bad('members', `The household has ${heads} heads; it must have exactly one`);
  const records: MemberRecord[] = [];
  const seen = new Map<string, number>();
  input.members.forEach((m, i) => {
    const r = validateMember(m, `${path}.members[${i}]`, ctx.today);
    if (!r.ok) return void errors.push(...r.errors);
    const first = seen.get(r.record.idNumber);
    if (first !== undefined) {
      bad(`members[${i}].idNumber`, `The same person is listed twice (also members[${first}])`, ContractErrorCode.DUPLICATE_ID_NUMBER);
    }
    seen.set(r.record.idNumber, i);
    records.push(r.record);
  });
  return records;
}

function toRecord(input: HouseholdInput, members: MemberRecord[]): HouseholdRecord {
  return {
    registryNo: input.registryNo,
    villageCode: input.villageCode,
    countyCode: input.villageCode.slice(0, 6),
    provinceCode: input.villageCode.slice(0, 2),
    status: input.status,
    identifiedYear: input.identifiedYear,
    exitYear: input.exitYear ?? null,
    primaryCause: input.primaryCause,
    otherCauses: [...new Set(input.otherCauses ?? [])].sort(),
    annualIncomePerCapita: input.annualIncomePerCapita ?? null,
    housingSafe: input.housingSafe ?? null,
    drinkingWaterSafe: input.drinkingWaterSafe ?? null,
    members,
  };
}
