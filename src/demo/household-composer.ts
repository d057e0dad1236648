import { MemberStatus, Relationship, Sex } from '../modules/members/member.enums';
import type { PersonGenerator } from './person-generator';
import { familyNameFor, givenNameOf } from './person-names';
import { COUNTIES_BY_PROVINCE, type SeedCounty } from './region-catalog';
import type { SeedMember } from './registry-seed.types';
import { type SeedRandom, WeightedTable } from './seed-random';

/** What composing a household needs: the draws, the people factory and where it lives. */
export interface FamilyContext {
  rng: SeedRandom;
  people: PersonGenerator;
  county: SeedCounty;
  ethnicity: string;
  receivesDibao: boolean;
}

/** A composed family: the members (head first) and the name its children inherit. */
export interface Family {
  members: SeedMember[];
  childFamilyName: string;
}

const HEAD_AGE = new WeightedTable<readonly [number, number]>([
  [[16, 24], 2],
  [[25, 39], 18],
  [[40, 59], 45],
  [[60, 79], 30],
  [[80, 95], 5],
]);
// Grown children of older heads mostly have households of their own.
const CHILDREN_YOUNG = new WeightedTable<number>([
  [0, 40],
  [1, 40],
  [2, 20],
]);
const CHILDREN_MIDDLE = new WeightedTable<number>([
  [0, 22],
  [1, 36],
  [2, 28],
  [3, 10],
  [4, 4],
]);
const CHILDREN_OLD = new WeightedTable<number>([
  [0, 60],
  [1, 28],
  [2, 10],
  [3, 2],
]);

/** A plausible family: head, often a spouse, children, sometimes the head's parents or grandchildren. */
export function composeFamily(ctx: FamilyContext): Family {
  const { rng } = ctx;
  const [minAge, maxAge] = HEAD_AGE.draw(rng);
  const headAge = rng.int(minAge, maxAge);
  const headMale = rng.chance(0.82);
  const headFamily = familyNameFor(rng, ctx.ethnicity);
  const head = addPerson(ctx, [], Relationship.HEAD, headMale, headAge, headFamily, 0.05);
  const members = [head];
  const spouseChance = headAge < 25 ? 0.4 : headAge < 70 ? 0.82 : 0.45;
  let father: SeedMember | null = headMale ? head : null;
  let fatherFamily = headFamily;
  if (rng.chance(spouseChance)) {
    // Husbands are a few years older than wives, as in the registry.
    const gap = rng.int(-2, 6);
    const spouseFamily = familyNameFor(rng, ctx.ethnicity);
    const spouseAge = Math.max(18, headMale ? headAge - gap : headAge + gap);
    const spouse = addPerson(ctx, members, Relationship.SPOUSE, !headMale, spouseAge, spouseFamily, 0.25);
    if (!headMale) [father, fatherFamily] = [spouse, spouseFamily];
  }
  const childFamilyName = !father ? familyNameFor(rng, ctx.ethnicity) : ctx.ethnicity === 'Uyghur' ? givenNameOf(father.name) : fatherFamily;
  addChildren(ctx, members, childFamilyName);
  addElders(ctx, members, headFamily);
  addGrandchildren(ctx, members, childFamilyName);
  if (headAge < 40 && rng.chance(0.02)) addPerson(ctx, members, Relationship.SIBLING, rng.chance(0.5), Math.max(16, headAge + rng.int(-8, 8)), headFamily, 0);
  return { members, childFamilyName };
}

/** Adds one person to `members` and returns it; `awayChance`: the ID was issued in another county of the province. */
export function addPerson(
  ctx: FamilyContext,
  members: SeedMember[],
  relationship: Relationship,
  male: boolean,
  age: number,
  familyName: string,
  awayChance: number,
): SeedMember {
  const idCounty = ctx.rng.chance(awayChance) ? ctx.rng.pick(COUNTIES_BY_PROVINCE.get(ctx.county.provinceCode)!) : ctx.county;
  const m = ctx.people.person({ idCounty, male, age, relationship, ethnicity: ctx.ethnicity, familyName, receivesDibao: ctx.receivesDibao });
  members.push(m);
  return m;
}

function addChildren(ctx: FamilyContext, members: SeedMember[], familyName: string): void {
  const { rng } = ctx;
  const head = members[0];
  const table = head.age < 30 ? CHILDREN_YOUNG : head.age < 60 ? CHILDREN_MIDDLE : CHILDREN_OLD;
  // 18-40 years younger than the head, and at least 18 younger than the spouse too.
  const oldest = Math.min(...members.map((m) => m.age)) - 18;
  const youngest = Math.max(0, head.age - 40);
  if (oldest < youngest) return;
  // Eldest first, the next ones two to four years apart.
  for (let n = table.draw(rng), age = rng.int(youngest, oldest); n > 0 && age >= youngest; n--, age -= rng.int(2, 4)) {
    addPerson(ctx, members, Relationship.CHILD, rng.chance(0.52), age, familyName, 0);
  }
}

function addElders(ctx: FamilyContext, members: SeedMember[], headFamily: string): void {
  const { rng } = ctx;
  const head = members[0];
  if (head.age > 65) return;
  const roll = rng.next();
  const count = roll < 0.07 ? 2 : roll < 0.2 ? 1 : 0;
  for (let i = 0; i < count; i++) {
    // A lone surviving parent is more often the mother.
    const male = count === 2 ? i === 0 : rng.chance(0.35);
    const age = Math.min(98, head.age + rng.int(20, 35));
    addPerson(ctx, members, Relationship.PARENT, male, age, male ? headFamily : familyNameFor(rng, ctx.ethnicity), 0);
  }
}

function addGrandchildren(ctx: FamilyContext, members: SeedMember[], familyName: string): void {
  const { rng } = ctx;
  const oldest = members.reduce((a, m) => (m.relationship === Relationship.CHILD && m.age > a ? m.age : a), 0);
  if (oldest < 20 || !rng.chance(0.15)) return;
  for (let n = rng.int(1, 2); n > 0; n--) {
    addPerson(ctx, members, Relationship.GRANDCHILD, rng.chance(0.52), Math.max(0, oldest - rng.int(20, 30)), familyName, 0);
  }
}

/**
 * Deaths and moves since identification: mostly the old die, young adults
 * move away for work, young women marry out. The head stays active.
 */
export function ageFamily(rng: SeedRandom, people: PersonGenerator, members: SeedMember[], identifiedYear: number): void {
  for (let i = 1; i < members.length; i++) {
    const m = members[i];
    const p = rng.next();
    let status: MemberStatus | null = null;
    if (p < (m.age >= 70 ? 0.06 : 0.004)) status = MemberStatus.DECEASED;
    else if (m.age >= 18 && m.age <= 40 && p < 0.03) status = MemberStatus.MOVED_OUT;
    else if (m.sex === Sex.FEMALE && m.relationship === Relationship.CHILD && m.age >= 20 && m.age <= 30 && p < 0.08) status = MemberStatus.MARRIED_OUT;
    if (status) {
      m.status = status;
      m.statusDate = people.dateSince(identifiedYear + 1);
    }
  }
}
