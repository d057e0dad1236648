import type { Sql } from '../../src/db/sql';
import { discrepancyKinds, discrepancySelect } from '../../src/modules/reconciliation/discrepancy.rules';
import { REGISTRY_EVIDENCE } from '../../src/modules/sharing-policies/evidence-fields';
import { HOUSEHOLD_POLICY_FIELDS, MEMBER_POLICY_FIELDS } from '../../src/modules/sharing-policies/sharing-policy.fields';
import { Sector } from '../../src/modules/tenants/tenant.enums';

const SECTORS = Object.values(Sector);
const COMMON = ['NAME_MISMATCH', 'BIRTHDATE_MISMATCH'];

/** One select of a sector's union: its kind, its condition and its evidence as key → SQL expression. */
interface ParsedRule {
  kind: string;
  when: string;
  sector: Record<string, string>;
  registry: Record<string, string>;
}

const pairs = (args: string): Record<string, string> => Object.fromEntries([...args.matchAll(/'(\w+)', ([^,]+)(?:, |$)/g)].map(([, k, v]) => [k, v]));

/** The select's text with each bound value written where its parameter stands, so the rules can be read as PostgreSQL gets them. */
function inlined(statement: Sql): string {
  const { text, values } = statement.toPg();
  return text.replace(/\$(\d+)/g, (_, n: string) => {
    const v = values[Number(n) - 1];
    return typeof v === 'string' ? `'${v}'` : String(v);
  });
}

function parse(statement: Sql): ParsedRule[] {
  return inlined(statement)
    .split(' union all ')
    .map((part) => {
      const m =
        /^select "rowNo", member_id, m_id_number, household_id, province_code, county_code, '(\w+)'::text as kind, jsonb_build_object\('sector', jsonb_build_object\(([^)]*)\), 'registry', jsonb_build_object\(([^)]*)\)\) as evidence from hit where (.+)$/s.exec(
          part,
        );
      if (!m) throw new Error(`a rule's select has an unexpected shape: ${part}`);
      return { kind: m[1], sector: pairs(m[2]), registry: pairs(m[3]), when: m[4] };
    });
}

const rulesOf = (sector: Sector, year = 2020, line = 3000) => parse(discrepancySelect(sector, { periodYear: year, povertyLine: line }));
const rule = (sector: Sector, kind: string) => rulesOf(sector).find((r) => r.kind === kind)!;

describe('discrepancyKinds: the contract table "Sector attributes and discrepancy kinds"', () => {
  it.each([
    [Sector.CIVIL_REGISTRATION, ['DECEASED_BUT_ACTIVE', 'MOVED_BUT_ACTIVE']],
    [Sector.EDUCATION, ['SCHOOL_AGE_NOT_ENROLLED', 'SCHOOL_STATUS_STALE']],
    [Sector.HEALTH, ['NOT_MEDICALLY_INSURED', 'HEALTH_STATUS_STALE']],
    [Sector.DISABILITY, ['DISABILITY_NOT_RECORDED', 'DISABILITY_LEVEL_MISMATCH']],
    [Sector.HOUSING, ['UNSAFE_HOUSING_UNRECORDED', 'HOUSING_STATUS_STALE']],
    [Sector.MINIMUM_LIVING, ['ALLOWANCE_STATUS_STALE']],
    [Sector.EMPLOYMENT, ['PUBLIC_SECTOR_EMPLOYEE', 'INCOME_ABOVE_LINE']],
  ])('%s raises the two kinds of every sector, then %j', (sector, own) => {
    expect(discrepancyKinds(sector)).toEqual([...COMMON, ...own]);
  });

  it('gives each sector-specific kind to one sector only (a case is one ministry, member and kind)', () => {
    const owners = new Map<string, Sector[]>();
    for (const sector of SECTORS)
      for (const kind of discrepancyKinds(sector).filter((k) => !COMMON.includes(k))) owners.set(kind, [...(owners.get(kind) ?? []), sector]);
    expect([...owners].filter(([, sectors]) => sectors.length > 1)).toEqual([]);
    expect(owners.size).toBe(13);
  });
});

describe('discrepancySelect: one select per kind', () => {
  it.each(SECTORS)('%s: a select per kind, in the order of discrepancyKinds, each of the same columns from hit', (sector) => {
    const rules = rulesOf(sector);
    expect(rules.map((r) => r.kind)).toEqual(discrepancyKinds(sector));
    for (const r of rules) {
      expect(r.when.trim()).not.toBe('');
      expect(Object.keys(r.sector).length).toBeGreaterThan(0);
      expect(Object.keys(r.registry).length).toBeGreaterThan(0);
    }
  });

  it('binds the period year, as a whole number, wherever a rule needs it (never in the text)', () => {
    const statement = discrepancySelect(Sector.EDUCATION, { periodYear: 2016.9, povertyLine: 3000 });
    const { text, values } = statement.toPg();
    expect(values).toContain(2016);
    expect(text).not.toMatch(/2016|:year|:line/);
    expect(rule(Sector.EDUCATION, 'SCHOOL_AGE_NOT_ENROLLED').when).toContain('(2020::int - extract(year from m_birth_date)) between 6 and 15');
    expect(parse(statement).find((r) => r.kind === 'SCHOOL_AGE_NOT_ENROLLED')).toMatchObject({ sector: { periodYear: '2016::int' } });
  });

  it('binds the poverty line, as a whole number, for the wage rule', () => {
    const statement = discrepancySelect(Sector.EMPLOYMENT, { periodYear: 2016, povertyLine: 3000.75 });
    expect(statement.toPg().values).toContain(3000);
    expect(statement.toPg().text).not.toMatch(/3000|:year|:line/);
    const income = parse(statement).find((r) => r.kind === 'INCOME_ABOVE_LINE')!;
    expect(income.when).toContain('/ greatest(active_members, 1) > 3000::int and');
    expect(income.sector.povertyLine).toBe('3000::int');
  });

  it('leaves no placeholder of the old kind in any sector', () => {
    for (const sector of SECTORS) expect(discrepancySelect(sector, { periodYear: 2018, povertyLine: 3200 }).toPg().text).not.toMatch(/:year|:line/);
  });

  it('flags the employment kinds only on a POOR or RETURNED household', () => {
    for (const kind of ['PUBLIC_SECTOR_EMPLOYEE', 'INCOME_ABOVE_LINE'])
      expect(rule(Sector.EMPLOYMENT, kind).when).toContain(`h_status in ('POOR', 'RETURNED')`);
  });

  it('compares names by their normalised forms and a birth date only when the ministry sent one', () => {
    expect(rule(Sector.HEALTH, 'NAME_MISMATCH').when).toBe('m_name_fold <> "nameFold"');
    expect(rule(Sector.HEALTH, 'BIRTHDATE_MISMATCH').when).toMatch(/^"sentBirthDate" and /);
  });
});

describe('the evidence each rule keeps', () => {
  it.each([
    [Sector.HEALTH, 'NAME_MISMATCH', ['name'], ['name']],
    [Sector.HEALTH, 'BIRTHDATE_MISMATCH', ['birthDate'], ['birthDate']],
    [Sector.CIVIL_REGISTRATION, 'DECEASED_BUT_ACTIVE', ['status', 'eventDate'], ['status']],
    [Sector.CIVIL_REGISTRATION, 'MOVED_BUT_ACTIVE', ['status', 'eventDate'], ['status']],
    [Sector.EDUCATION, 'SCHOOL_AGE_NOT_ENROLLED', ['enrolled', 'periodYear'], ['birthDate']],
    [Sector.EDUCATION, 'SCHOOL_STATUS_STALE', ['enrolled'], ['inSchool']],
    [Sector.HEALTH, 'NOT_MEDICALLY_INSURED', ['insured'], ['medicalInsured']],
    [Sector.HEALTH, 'HEALTH_STATUS_STALE', ['seriousIllness'], ['health']],
    [Sector.DISABILITY, 'DISABILITY_NOT_RECORDED', ['certificateNo', 'level'], ['health', 'disabilityLevel']],
    [Sector.DISABILITY, 'DISABILITY_LEVEL_MISMATCH', ['level'], ['disabilityLevel']],
    [Sector.HOUSING, 'UNSAFE_HOUSING_UNRECORDED', ['dilapidationGrade', 'renovated'], ['housingSafe']],
    [Sector.HOUSING, 'HOUSING_STATUS_STALE', ['renovated', 'renovatedYear'], ['housingSafe']],
    [Sector.MINIMUM_LIVING, 'ALLOWANCE_STATUS_STALE', ['monthlyAmount', 'since'], ['receivesDibao']],
    [Sector.EMPLOYMENT, 'PUBLIC_SECTOR_EMPLOYEE', ['employerType'], ['householdStatus']],
    [Sector.EMPLOYMENT, 'INCOME_ABOVE_LINE', ['annualWage', 'povertyLine'], ['activeMembers', 'householdStatus']],
  ])('%s %s: sector %j, registry %j', (sector, kind, sectorKeys, registryKeys) => {
    const r = rule(sector, kind);
    expect(Object.keys(r.sector)).toEqual(sectorKeys);
    expect(Object.keys(r.registry)).toEqual(registryKeys);
  });

  it('keeps each sector attribute under its own name', () => {
    for (const sector of SECTORS) {
      for (const r of rulesOf(sector)) {
        for (const [key, expr] of Object.entries(r.sector)) {
          const attribute = /^a->'(\w+)'$/.exec(expr)?.[1];
          if (attribute) expect({ kind: r.kind, key }).toEqual({ kind: r.kind, key: attribute });
        }
      }
    }
  });

  it('the same registry key always reads the same column', () => {
    const columns = new Map<string, Set<string>>();
    for (const sector of SECTORS)
      for (const r of rulesOf(sector)) for (const [k, v] of Object.entries(r.registry)) columns.set(k, new Set([...(columns.get(k) ?? []), v]));
    for (const [key, set] of columns) expect({ key, columns: set.size }).toEqual({ key, columns: 1 });
  });
});

describe('every registry evidence key has a source a sharing policy can grant (evidence-fields.ts)', () => {
  const used = new Map<string, string>();
  for (const sector of SECTORS) for (const r of rulesOf(sector)) for (const [k, v] of Object.entries(r.registry)) used.set(k, v);
  const snake = (f: string) => f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

  it('has a source for every key a rule keeps', () => {
    expect(used.size).toBeGreaterThan(5);
    for (const key of used.keys()) expect(REGISTRY_EVIDENCE).toHaveProperty(key);
  });

  it('has no source for a key no rule keeps (a stale entry would hide a renamed key)', () => {
    expect(Object.keys(REGISTRY_EVIDENCE).sort()).toEqual([...used.keys()].sort());
  });

  it('names as source a member or household field that policies can grant', () => {
    for (const [key, source] of Object.entries(REGISTRY_EVIDENCE)) {
      if (source.of === 'member')
        expect({ key, field: source.field, grantable: (MEMBER_POLICY_FIELDS as readonly string[]).includes(source.field) }).toEqual({
          key,
          field: source.field,
          grantable: true,
        });
      if (source.of === 'household')
        expect({ key, field: source.field, grantable: (HOUSEHOLD_POLICY_FIELDS as readonly string[]).includes(source.field) }).toEqual({
          key,
          field: source.field,
          grantable: true,
        });
    }
  });

  it('names the source the rule actually reads: the column of that member or household field, or the member count', () => {
    for (const [key, column] of used) {
      const source = REGISTRY_EVIDENCE[key];
      const expected =
        source.of === 'members'
          ? ['active_members']
          : source.of === 'member'
            ? [snake(source.field), `m_${snake(source.field)}`]
            : [snake(source.field), `h_${snake(source.field)}`];
      expect({ key, column, of: source.of, readsItsSource: expected.includes(column) }).toEqual({ key, column, of: source.of, readsItsSource: true });
    }
  });
});
