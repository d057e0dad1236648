import { nameKeys } from '../../src/modules/name-keys/name-keys';
import { createHash } from 'node:crypto';
import { HouseholdStatus } from '../../src/modules/households/household.enums';
import { normaliseIdNumber } from '../../src/modules/id-number/id-number';
import { Relationship } from '../../src/modules/members/member.enums';
import { normaliseName } from '../../src/modules/members/name-normaliser';
import { copyText, householdHistory, householdLine, householdVersion, memberLine } from '../../src/demo/copy-rows';
import { IdNumberAllocator, dayOfIso, isoOfDay, nearDuplicateId } from '../../src/demo/id-allocator';
import { normalisePersonName } from '../../src/demo/person-names';
import { FAULT_KINDS, FaultKind } from '../../src/demo/quality-faults';
import { SEED_COUNTIES } from '../../src/demo/region-catalog';
import { RegistryGenerator, povertyLine } from '../../src/demo/registry-generator';
import type { SeedHousehold } from '../../src/demo/registry-seed.types';
import { SeedRandom } from '../../src/demo/seed-random';
import { SEED_PROVINCES } from '../../src/modules/tenants/tenant.seed';

const TODAY = new Date('2026-11-28T00:00:00Z');

function generate(count: number, options: ConstructorParameters<typeof RegistryGenerator>[0]): SeedHousehold[] {
  const g = new RegistryGenerator(options);
  return Array.from({ length: count }, () => g.next());
}

function firstMembersHash(seed: number): string {
  const g = new RegistryGenerator({ seed });
  const hash = createHash('sha256');
  for (let n = 0; n < 100;) {
    for (const m of g.next().members) if (n++ < 100) hash.update(`${m.name}|${m.idNumber}\n`);
  }
  return hash.digest('hex');
}

describe('the synthetic registry generator', () => {
  it('is deterministic: the same seed gives the same people, another seed others', () => {
    expect(firstMembersHash(7)).toBe(firstMembersHash(7));
    expect(firstMembersHash(7)).not.toBe(firstMembersHash(8));
  });

  it('makes clean households plausible when faults are off', () => {
    const households = generate(3000, { seed: 11, faultRate: 0 });
    const members = households.flatMap((h) => h.members);
    expect(members.length / households.length).toBeGreaterThan(2.6);
    expect(members.length / households.length).toBeLessThan(3.6);
    expect(new Set(households.map((h) => h.provinceCode))).toEqual(new Set(SEED_PROVINCES.map((p) => p.code)));
    for (const h of households) {
      expect(h.villageCode).toMatch(/^\d{12}$/);
      expect(h.villageCode.startsWith(h.countyCode) && h.countyCode.startsWith(h.provinceCode)).toBe(true);
      const heads = h.members.filter((m) => m.relationship === Relationship.HEAD);
      expect(heads).toHaveLength(1);
      expect(h.members[0]).toBe(heads[0]);
      expect(heads[0].age).toBeGreaterThanOrEqual(16);
      for (const child of h.members.filter((m) => m.relationship === Relationship.CHILD)) {
        expect(heads[0].age - child.age).toBeGreaterThanOrEqual(18);
        expect(heads[0].age - child.age).toBeLessThanOrEqual(40);
      }
      if (h.status === HouseholdStatus.EXITED) {
        expect(h.exitYear!).toBeGreaterThan(h.identifiedYear);
        expect(h.annualIncomePerCapita!).toBeGreaterThan(povertyLine(h.exitYear!));
        expect(h.housingSafe).toBe(true);
      }
      if (h.status === HouseholdStatus.POOR) expect(h.annualIncomePerCapita!).toBeLessThan(povertyLine(h.identifiedYear));
      expect(h.removalReason !== null).toBe(h.status === HouseholdStatus.REMOVED);
    }
  });

  it('issues valid, unique ID numbers that agree with birth date, sex and a county of the province', () => {
    const households = generate(3000, { seed: 12, faultRate: 0 });
    const seen = new Set<string>();
    for (const h of households) {
      for (const m of h.members) {
        const id = normaliseIdNumber(m.idNumber, TODAY);
        expect(id).toMatchObject({ ok: true, idNumber: m.idNumber, birthDate: m.birthDate, sex: m.sex, provinceCode: h.provinceCode });
        expect(seen.has(m.idNumber)).toBe(false);
        seen.add(m.idNumber);
        expect(m.nameNorm).toBe(normalisePersonName(m.name));
        if (m.disabilityLevel !== null) expect(m.health).toBe('DISABLED');
        if (m.age >= 7 && m.age <= 14) expect(typeof m.inSchool).toBe('boolean');
      }
    }
  });

  it('plants every kind of data-quality fault at about the configured rate', () => {
    const households = generate(8000, { seed: 13 });
    const counts = new Map<string, number>();
    for (const h of households) for (const f of h.faults) counts.set(f, (counts.get(f) ?? 0) + 1);
    for (const kind of FAULT_KINDS) expect(counts.get(kind) ?? 0).toBeGreaterThan(0);
    for (const kind of [FaultKind.NO_PRIMARY_CAUSE, FaultKind.SEX_MISMATCH, FaultKind.NEAR_DUPLICATE]) {
      expect(counts.get(kind)! / households.length).toBeGreaterThan(0.01);
      expect(counts.get(kind)! / households.length).toBeLessThan(0.03);
    }
    const oversized = households.filter((h) => h.faults.includes(FaultKind.OVERSIZED_HOUSEHOLD));
    expect(oversized.every((h) => h.members.length > 20)).toBe(true);
    expect(households.filter((h) => h.faults.includes(FaultKind.NO_PRIMARY_CAUSE)).every((h) => h.primaryCause === null)).toBe(true);
  });

  it('turns faults off one by one, and all of them with faultRate 0', () => {
    const off = generate(2000, { seed: 14, faultRates: { [FaultKind.NEAR_DUPLICATE]: 0 } });
    expect(off.some((h) => h.faults.includes(FaultKind.NEAR_DUPLICATE))).toBe(false);
    expect(off.some((h) => h.faults.length > 0)).toBe(true);
    expect(generate(2000, { seed: 14, faultRate: 0 }).every((h) => h.faults.length === 0)).toBe(true);
  });

  it('registers near-duplicates as the same name and birth date in the county, ID one digit apart', () => {
    const households = generate(6000, { seed: 15 });
    const all = households.flatMap((h) => h.members.map((m) => ({ m, county: h.countyCode })));
    const dups = households.filter((h) => h.faults.includes(FaultKind.NEAR_DUPLICATE)).map((h) => h.members[h.members.length - 1]);
    expect(dups.length).toBeGreaterThan(50);
    for (const dup of dups) {
      expect(normaliseIdNumber(dup.idNumber, TODAY)).toMatchObject({ ok: false, code: 'BAD_CHECK_CHARACTER' });
      const original = all.find(({ m }) => m !== dup && m.idNumber.slice(0, 16) === dup.idNumber.slice(0, 16));
      expect(original).toBeDefined();
      expect(original!.m.nameNorm).toBe(dup.nameNorm);
      expect(original!.m.birthDate).toBe(dup.birthDate);
      expect([...dup.idNumber].filter((c, i) => c !== original!.m.idNumber[i])).toHaveLength(1);
    }
  });
});

describe('ID number allocation', () => {
  it('never hands out a number (or its near-duplicates) twice, even after a reload', () => {
    const rng = new SeedRandom(1);
    const first = new IdNumberAllocator();
    const day = dayOfIso('1970-05-04');
    const issued = Array.from({ length: 60 }, (_, i) => first.allocate(rng, 3, day, i % 2 === 0).idNumber);
    expect(new Set(issued.map((id) => id.slice(0, 16))).size).toBe(60);
    const reloaded = new IdNumberAllocator();
    for (const id of issued) reloaded.markUsed(id);
    const again = Array.from({ length: 50 }, () => reloaded.allocate(rng, 3, day, true));
    for (const { idNumber } of again) expect(issued.some((id) => id.slice(0, 16) === idNumber.slice(0, 16))).toBe(false);
    // 100 blocks a date: the rest move to the day before, which the ID then carries.
    expect(again.some((a) => a.day < day)).toBe(true);
    expect(again.every((a) => normaliseIdNumber(a.idNumber, TODAY).ok && a.idNumber.slice(6, 14) === isoOfDay(a.day).replace(/-/g, ''))).toBe(true);
    expect(SEED_COUNTIES[3].code).toBe(issued[0].slice(0, 6));
  });

  it('makes near-duplicates one digit apart with the same sex digit parity', () => {
    const rng = new SeedRandom(2);
    const id = '11010519491231002X';
    for (let i = 0; i < 20; i++) {
      const dup = nearDuplicateId(id, rng);
      expect(dup).toHaveLength(18);
      expect(dup.slice(0, 16)).toBe(id.slice(0, 16));
      expect(dup[17]).toBe('X');
      expect(Number(dup[16]) % 2).toBe(0);
      expect(dup[16]).not.toBe('2');
    }
  });
});

describe('names and COPY rows', () => {
  it('normalises names by the contract', () => {
    expect(normalisePersonName('阿依古丽·买买提')).toBe('阿依古丽买买提');
    expect(normalisePersonName('阿依古丽•买买提')).toBe('阿依古丽买买提');
    expect(normalisePersonName('阿依古丽・买买提')).toBe('阿依古丽买买提');
    expect(normalisePersonName(' 阿依古丽.买买提 ')).toBe('阿依古丽买买提');
    expect(normalisePersonName(' 王 芳\u3000')).toBe('王芳');
    expect(normalisePersonName('ＡＢＣ１２')).toBe('ABC12');
    for (const name of ['王芳', '阿依古丽·买买提', '吉克曲布', ' 李 娜 ', 'Ａｂ']) expect(normalisePersonName(name)).toBe(normaliseName(name));
  });

  it('escapes text for COPY and writes NULL as \\N', () => {
    expect(copyText('a\tb\\c\nd\re')).toBe('a\\tb\\\\c\\nd\\re');
    expect(copyText(null)).toBe('\\N');
    expect(copyText('王芳')).toBe('王芳');
  });

  it('writes rows with the registry number from the id and a history as long as the version', () => {
    const [h] = generate(1, { seed: 3, faultRate: 0 });
    const line = householdLine(h, 42).split('\t');
    expect(line[1]).toBe(`${h.villageCode}0042`);
    expect(line).toHaveLength(15);
    const member = memberLine(h.members[0], 1, 42, h.provinceCode).trimEnd().split('\t');
    expect(member).toHaveLength(23);
    // The last two columns: the name keys, as the database's table would give them.
    const keys = nameKeys(h.members[0].nameNorm);
    expect(member.slice(21)).toEqual([keys.fold, keys.pinyin]);
    for (const status of Object.values(HouseholdStatus)) {
      const x = { ...h, status, exitYear: 2017, removalReason: 'r' };
      expect(householdHistory(x)).toHaveLength(householdVersion(x));
      expect(householdHistory(x)[0].type).toBe('IDENTIFIED');
    }
  });
});
