import { HouseholdStatus, PovertyCause } from '../modules/households/household.enums';
import { HealthStatus, LabourCapacity, MemberStatus } from '../modules/members/member.enums';
import { type FamilyContext, ageFamily, composeFamily } from './household-composer';
import { IdNumberAllocator, dayOfIso } from './id-allocator';
import { PersonGenerator } from './person-generator';
import { FAULT_KINDS, type FaultContext, FaultKind, injectFaults } from './quality-faults';
import { SEED_COUNTIES, type SeedCounty } from './region-catalog';
import type { SeedHousehold, SeedMember } from './registry-seed.types';
import { SeedRandom, WeightedTable } from './seed-random';

/** Options of the synthetic registry. */
export interface RegistryGeneratorOptions {
  /** Seed of the PRNG: the same seed (and allocator state) gives the same households. @defaultValue `1` */
  seed?: number;
  /**
   * Probability that a household gets each data-quality fault (a household of
   * over 20 people gets a twentieth of it; exit faults apply to exited households only).
   * @defaultValue `0.02`
   */
  faultRate?: number;
  /** Per-fault probabilities that replace `faultRate`; 0 turns a fault off. @defaultValue none */
  faultRates?: Partial<Record<FaultKind, number>>;
  /** The date ages and schooling refer to (`YYYY-MM-DD`). @defaultValue `2020-12-31`, the end of the campaign */
  asOf?: string;
  /** The ID numbers already issued; pass one loaded from the database when appending. @defaultValue a fresh allocator */
  ids?: IdNumberAllocator;
}

/**
 * Rural poverty line by year, current prices (2,300 yuan at 2010 prices).
 * The generator only needs plausible incomes on either side of it.
 */
export const POVERTY_LINE_BY_YEAR: Readonly<Record<number, number>> = {
  2013: 2736,
  2014: 2800,
  2015: 2855,
  2016: 2952,
  2017: 2952,
  2018: 2995,
  2019: 3218,
  2020: 4000,
};

export function povertyLine(year: number): number {
  return POVERTY_LINE_BY_YEAR[Math.min(2020, Math.max(2013, year))];
}

const STATUS = new WeightedTable<HouseholdStatus>([
  [HouseholdStatus.POOR, 38],
  [HouseholdStatus.EXITED, 50],
  [HouseholdStatus.RETURNED, 7],
  [HouseholdStatus.REMOVED, 5],
]);
// 2014 was the year of the national filing drive; later years add new identifications.
const IDENTIFIED_YEAR = new WeightedTable<number>([
  [2013, 6],
  [2014, 70],
  [2015, 14],
  [2016, 10],
]);
const C = PovertyCause;
const PRIMARY_CAUSE = new WeightedTable<PovertyCause>([
  [C.ILLNESS, 30],
  [C.LACK_OF_FUNDS, 16],
  [C.LACK_OF_SKILLS, 14],
  [C.LACK_OF_LABOUR, 10],
  [C.DISABILITY, 8],
  [C.EDUCATION, 6],
  [C.DISASTER, 3],
  [C.LACK_OF_LAND, 3],
  [C.LACK_OF_WATER, 2],
  [C.POOR_TRANSPORT, 3],
  [C.LACK_OF_DRIVE, 3],
  [C.OTHER, 2],
]);
const ALL_CAUSES = Object.values(PovertyCause);
const REMOVAL_REASONS = [
  'wrongly identified: a member is a public-sector employee',
  'wrongly identified: the family owns a car',
  'wrongly identified: the family bought a house in town',
  'income above the line at verification',
  'registered twice',
];
const POOL_SIZE = 64;
const DEFAULT_AS_OF = '2020-12-31';

/** Deterministic synthetic households across the ten provinces, one at a time (memory stays flat). */
export class RegistryGenerator {
  private readonly rng: SeedRandom;
  private readonly people: PersonGenerator;
  private readonly asOfYear: number;
  private readonly rates: number[];
  /** Per county, clean members of earlier households: the originals of near-duplicates. */
  private readonly pools: SeedMember[][] = SEED_COUNTIES.map(() => []);

  constructor(options: RegistryGeneratorOptions = {}) {
    const asOf = options.asOf ?? DEFAULT_AS_OF;
    this.rng = new SeedRandom(options.seed ?? 1);
    this.asOfYear = Number(asOf.slice(0, 4));
    this.people = new PersonGenerator(this.rng, options.ids ?? new IdNumberAllocator(), dayOfIso(asOf));
    const base = options.faultRate ?? 0.02;
    this.rates = FAULT_KINDS.map((k) => options.faultRates?.[k] ?? (k === FaultKind.OVERSIZED_HOUSEHOLD ? base / 20 : base));
  }

  next(): SeedHousehold {
    const rng = this.rng;
    const county = rng.pick(SEED_COUNTIES);
    const status = STATUS.draw(rng);
    const identifiedYear = IDENTIFIED_YEAR.draw(rng);
    const exitYear = this.exitYearFor(status, identifiedYear);
    const dibao = rng.chance(status === HouseholdStatus.EXITED ? 0.05 : status === HouseholdStatus.REMOVED ? 0.02 : 0.2);
    const ctx: FamilyContext = { rng, people: this.people, county, ethnicity: county.ethnicities.draw(rng), receivesDibao: dibao };
    const family = composeFamily(ctx);
    ageFamily(rng, this.people, family.members, identifiedYear);
    const primaryCause = PRIMARY_CAUSE.draw(rng);
    const unsafe = status === HouseholdStatus.POOR || status === HouseholdStatus.RETURNED;
    const h: SeedHousehold = {
      villageCode: rng.pick(county.villages),
      countyCode: county.code,
      provinceCode: county.provinceCode,
      status,
      identifiedYear,
      exitYear,
      primaryCause,
      otherCauses: otherCauses(rng, primaryCause),
      annualIncomePerCapita: this.incomeFor(status, identifiedYear, exitYear),
      housingSafe: unsafe ? rng.chance(0.55) : status === HouseholdStatus.EXITED || rng.chance(0.95),
      drinkingWaterSafe: unsafe ? rng.chance(0.6) : status === HouseholdStatus.EXITED || rng.chance(0.95),
      removalReason: status === HouseholdStatus.REMOVED ? rng.pick(REMOVAL_REASONS) : null,
      members: family.members,
      faults: [],
    };
    healthAgreesWithCause(h);
    injectFaults(h, this.faultContext(ctx, family.childFamilyName), this.rates);
    if (h.faults.length === 0) this.remember(county, h.members);
    return h;
  }

  private exitYearFor(status: HouseholdStatus, identifiedYear: number): number | null {
    if (status === HouseholdStatus.EXITED) return this.rng.int(identifiedYear + 1, this.asOfYear);
    if (status === HouseholdStatus.RETURNED) return this.rng.int(identifiedYear + 1, Math.max(identifiedYear + 1, this.asOfYear - 1));
    return null;
  }

  private incomeFor(status: HouseholdStatus, identifiedYear: number, exitYear: number | null): number {
    const rng = this.rng;
    let yuan: number;
    if (status === HouseholdStatus.EXITED) yuan = povertyLine(exitYear!) * rng.between(1.05, 2.6);
    else if (status === HouseholdStatus.RETURNED) yuan = povertyLine(this.asOfYear) * rng.between(0.5, 0.97);
    else if (status === HouseholdStatus.REMOVED) yuan = rng.between(5000, 18000);
    else yuan = povertyLine(identifiedYear) * rng.between(0.4, 0.97);
    return Math.round(yuan * 100) / 100;
  }

  private faultContext(ctx: FamilyContext, childFamilyName: string): FaultContext {
    return { ...ctx, childFamilyName, povertyLine, takeNearDuplicateSource: () => this.takeSource(ctx.county) };
  }

  /** Keeps one active member of a clean household as a future near-duplicate original. */
  private remember(county: SeedCounty, members: SeedMember[]): void {
    const m = members[this.rng.int(0, members.length - 1)];
    if (m.status !== MemberStatus.ACTIVE) return;
    const pool = this.pools[county.index];
    if (pool.length < POOL_SIZE) pool.push(m);
    else pool[this.rng.int(0, POOL_SIZE - 1)] = m;
  }

  private takeSource(county: SeedCounty): SeedMember | undefined {
    const pool = this.pools[county.index];
    if (pool.length === 0) return undefined;
    const i = this.rng.int(0, pool.length - 1);
    const m = pool[i];
    pool[i] = pool[pool.length - 1];
    pool.pop();
    return m;
  }
}

function otherCauses(rng: SeedRandom, primary: PovertyCause): PovertyCause[] {
  const roll = rng.next();
  const count = roll < 0.1 ? 2 : roll < 0.3 ? 1 : 0;
  const out: PovertyCause[] = [];
  while (out.length < count) {
    const c = rng.pick(ALL_CAUSES);
    if (c !== primary && !out.includes(c)) out.push(c);
  }
  return out;
}

/** A household poor through illness or disability has an ill or disabled member. */
function healthAgreesWithCause(h: SeedHousehold): void {
  const wanted =
    h.primaryCause === PovertyCause.ILLNESS ? HealthStatus.SERIOUS_ILLNESS : h.primaryCause === PovertyCause.DISABILITY ? HealthStatus.DISABLED : null;
  if (!wanted || h.members.some((m) => m.health === wanted || (wanted === HealthStatus.SERIOUS_ILLNESS && m.health === HealthStatus.CHRONIC_ILLNESS))) return;
  const m = h.members.reduce((a, b) => (b.age > a.age ? b : a));
  m.health = wanted;
  m.disabilityLevel = wanted === HealthStatus.DISABLED ? 2 + (m.age % 3) : null;
  if (m.labourCapacity === LabourCapacity.NORMAL) m.labourCapacity = LabourCapacity.WEAK;
  m.migrantWorker = false;
}
