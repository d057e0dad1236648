import { HouseholdStatus } from '../modules/households/household.enums';
import { MemberStatus, Relationship, Sex } from '../modules/members/member.enums';
import { type FamilyContext, addPerson } from './household-composer';
import { dayOfIso, isoOfDay, nearDuplicateId } from './id-allocator';
import { familyNameFor, nameVariant } from './person-names';
import type { SeedHousehold, SeedMember } from './registry-seed.types';

/**
 * The data-quality problems of domain.md that the generator plants, so that
 * the quality checks and the reconciliation have something real to find.
 */
export enum FaultKind {
  // Missing key indicators
  NO_HEAD = 'NO_HEAD',
  NO_PRIMARY_CAUSE = 'NO_PRIMARY_CAUSE',
  NO_INCOME = 'NO_INCOME',
  MEMBER_NO_RELATIONSHIP = 'MEMBER_NO_RELATIONSHIP',
  MEMBER_NO_HEALTH = 'MEMBER_NO_HEALTH',
  // Abnormal data
  ABNORMAL_INCOME = 'ABNORMAL_INCOME',
  AGE_OVER_120 = 'AGE_OVER_120',
  OVERSIZED_HOUSEHOLD = 'OVERSIZED_HOUSEHOLD',
  EXIT_BEFORE_IDENTIFIED = 'EXIT_BEFORE_IDENTIFIED',
  EXIT_IN_FUTURE = 'EXIT_IN_FUTURE',
  // False logical relationships
  BIRTH_DATE_MISMATCH = 'BIRTH_DATE_MISMATCH',
  SEX_MISMATCH = 'SEX_MISMATCH',
  HEAD_UNDER_16 = 'HEAD_UNDER_16',
  CHILD_OLDER_THAN_PARENT = 'CHILD_OLDER_THAN_PARENT',
  EXITED_BELOW_LINE = 'EXITED_BELOW_LINE',
  EXITED_UNSAFE_HOUSING = 'EXITED_UNSAFE_HOUSING',
  EXITED_CHILD_OUT_OF_SCHOOL = 'EXITED_CHILD_OUT_OF_SCHOOL',
  // Repeated ID numbers
  NEAR_DUPLICATE = 'NEAR_DUPLICATE',
}

/** What a fault may need beyond the household: people, poverty lines and earlier members of the county. */
export interface FaultContext extends FamilyContext {
  /** The name the household's children inherit. */
  childFamilyName: string;
  povertyLine(year: number): number;
  /** A clean active member of an earlier household of the same county, taken for a near-duplicate. */
  takeNearDuplicateSource(): SeedMember | undefined;
}

type Fault = (h: SeedHousehold, ctx: FaultContext) => boolean;

// Exit typos such as 2061 for 2016: years no report can have reached yet.
const FUTURE_EXIT_YEARS = [2061, 2071, 2081, 2091, 2106];

const exited = (h: SeedHousehold) => h.status === HouseholdStatus.EXITED;

/** Each fault changes the household and says whether it applied (false: nothing to change there). */
const FAULTS: Record<FaultKind, Fault> = {
  NO_HEAD: (h, ctx) => {
    if (h.members.length > 1) h.members.shift();
    else h.members[0].relationship = ctx.rng.pick([Relationship.OTHER, Relationship.SIBLING]);
    return true;
  },
  NO_PRIMARY_CAUSE: (h) => ((h.primaryCause = null), true),
  NO_INCOME: (h) => ((h.annualIncomePerCapita = null), true),
  MEMBER_NO_RELATIONSHIP: (h, ctx) => ((pickMember(h, ctx, 1).relationship = null), true),
  MEMBER_NO_HEALTH: (h, ctx) => {
    const m = pickMember(h, ctx, 0);
    m.health = null;
    m.disabilityLevel = null;
    return true;
  },
  ABNORMAL_INCOME: (h, ctx) => {
    const { rng } = ctx;
    h.annualIncomePerCapita = rng.chance(0.5) ? -cents(rng.between(50, 3000)) : cents(rng.between(200_000, 9_999_999));
    return true;
  },
  AGE_OVER_120: (h, ctx) => {
    const elder =
      h.members.find((m) => m.relationship === Relationship.PARENT) ??
      addPerson(ctx, h.members, Relationship.PARENT, false, 90, familyNameFor(ctx.rng, ctx.ethnicity), 0);
    ctx.people.reissue(elder, ctx.county, ctx.rng.int(121, 126));
    return true;
  },
  OVERSIZED_HOUSEHOLD: (h, ctx) => {
    const head = h.members[0];
    const kin = [Relationship.CHILD, Relationship.GRANDCHILD, Relationship.SIBLING, Relationship.OTHER];
    for (let size = ctx.rng.int(21, 26); h.members.length < size;) {
      addPerson(ctx, h.members, ctx.rng.pick(kin), ctx.rng.chance(0.5), ctx.rng.int(1, Math.max(2, head.age - 18)), ctx.childFamilyName, 0);
    }
    return true;
  },
  EXIT_BEFORE_IDENTIFIED: (h, ctx) => exited(h) && ((h.exitYear = h.identifiedYear - ctx.rng.int(1, 3)), true),
  EXIT_IN_FUTURE: (h, ctx) => exited(h) && ((h.exitYear = ctx.rng.pick(FUTURE_EXIT_YEARS)), true),
  BIRTH_DATE_MISMATCH: (h, ctx) => {
    const m = pickMember(h, ctx, 0);
    m.birthDate = mistypedDate(m.birthDate!, ctx);
    return true;
  },
  SEX_MISMATCH: (h, ctx) => {
    const m = pickMember(h, ctx, 0);
    m.sex = m.sex === Sex.MALE ? Sex.FEMALE : Sex.MALE;
    return true;
  },
  HEAD_UNDER_16: headUnder16,
  CHILD_OLDER_THAN_PARENT: (h, ctx) => {
    const head = h.members[0];
    const child =
      h.members.find((m) => m.relationship === Relationship.CHILD) ?? addPerson(ctx, h.members, Relationship.CHILD, true, 10, ctx.childFamilyName, 0);
    ctx.people.reissue(child, ctx.county, Math.min(110, head.age + ctx.rng.int(1, 12)));
    return true;
  },
  EXITED_BELOW_LINE: (h, ctx) => exited(h) && ((h.annualIncomePerCapita = cents(ctx.povertyLine(h.exitYear!) * ctx.rng.between(0.6, 0.95))), true),
  EXITED_UNSAFE_HOUSING: (h) => exited(h) && ((h.housingSafe = false), true),
  EXITED_CHILD_OUT_OF_SCHOOL: (h, ctx) => {
    if (!exited(h)) return false;
    const pupil =
      h.members.find((m) => m.age >= 7 && m.age <= 14 && m.status === MemberStatus.ACTIVE) ??
      addPerson(ctx, h.members, Relationship.CHILD, ctx.rng.chance(0.5), ctx.rng.int(7, 14), ctx.childFamilyName, 0);
    pupil.inSchool = false;
    return true;
  },
  NEAR_DUPLICATE: nearDuplicate,
};

/** Fault kinds in a fixed order: the order draws are made in, part of the determinism. */
export const FAULT_KINDS = Object.keys(FAULTS) as FaultKind[];

/**
 * Plants faults in `h` with the given per-kind probabilities, and records the
 * ones that applied in `h.faults`.
 */
export function injectFaults(h: SeedHousehold, ctx: FaultContext, rates: ReadonlyArray<number>): void {
  for (let i = 0; i < FAULT_KINDS.length; i++) {
    if (ctx.rng.chance(rates[i]) && FAULTS[FAULT_KINDS[i]](h, ctx)) h.faults.push(FAULT_KINDS[i]);
  }
}

/** A child-headed household (orphans): the young head's spouse goes, children become siblings. */
function headUnder16(h: SeedHousehold, ctx: FaultContext): boolean {
  const head = h.members[0];
  if (head.relationship !== Relationship.HEAD) return false;
  // Under 16 on the as-of date and still for some years after it, whatever date a check uses.
  ctx.people.reissue(head, ctx.county, ctx.rng.int(6, 9));
  h.members = h.members.filter((m) => m.relationship !== Relationship.SPOUSE);
  for (const m of h.members) {
    if (m.relationship === Relationship.CHILD) m.relationship = Relationship.SIBLING;
    else if (m.relationship === Relationship.GRANDCHILD) m.relationship = Relationship.OTHER;
  }
  return true;
}

/** The same person registered again in this household: same name and birth date, ID one digit apart. */
function nearDuplicate(h: SeedHousehold, ctx: FaultContext): boolean {
  const source = ctx.takeNearDuplicateSource();
  if (!source) return false;
  const copy: SeedMember = {
    ...source,
    name: ctx.rng.chance(0.5) ? nameVariant(ctx.rng, source.name) : source.name,
    idNumber: nearDuplicateId(source.idNumber, ctx.rng),
    relationship: ctx.rng.pick([Relationship.OTHER, Relationship.SIBLING]),
    receivesDibao: ctx.receivesDibao,
    status: MemberStatus.ACTIVE,
    statusDate: null,
  };
  h.members.push(copy);
  return true;
}

/** A member other than the head when there is one (`from` = 1), else any. */
function pickMember(h: SeedHousehold, ctx: FaultContext, from: number): SeedMember {
  const start = h.members.length > from ? from : 0;
  return h.members[ctx.rng.int(start, h.members.length - 1)];
}

/** Typical clerk errors: day and month swapped, a slipped day, a year off. */
function mistypedDate(iso: string, ctx: FaultContext): string {
  const [y, m, d] = iso.split('-');
  const swapped = `${y}-${d}-${m}`;
  if (d !== m && Number(d) <= 12 && ctx.rng.chance(0.5)) return swapped;
  const shift = ctx.rng.chance(0.5) ? ctx.rng.int(1, 28) : 365 * ctx.rng.int(1, 10);
  return isoOfDay(Math.max(0, dayOfIso(iso) - shift));
}

function cents(x: number): number {
  return Math.round(x * 100) / 100;
}
