import { DATA_QUALITY_RULES } from '../../src/modules/data-quality/data-quality.rules';
import { refDateSql } from '../../src/modules/data-quality/data-quality.runner';
import { issueScopePredicate, scopePredicate } from '../../src/modules/data-quality/data-quality.scope';

describe('data-quality run scope (inlined into rule SQL)', () => {
  it('is true for the whole registry, a province predicate for one province, and adds the change time', () => {
    expect(scopePredicate({ provinceCode: null, since: null })('h')).toBe('true');
    expect(scopePredicate({ provinceCode: '52', since: null })('h')).toBe(`(h.province_code = '52')`);
    const since = new Date('2026-01-02T03:04:05.000Z');
    expect(scopePredicate({ provinceCode: '52', since })('a')).toBe(`(a.province_code = '52' and a.updated_at >= '2026-01-02T03:04:05.000Z'::timestamptz)`);
  });

  it('answers for issues of the province, or whose other member is in it', () => {
    expect(issueScopePredicate({ provinceCode: null, since: null })).toBe('true');
    expect(issueScopePredicate({ provinceCode: '53', since: null })).toBe(`(i.province_code = '53' or i.related_province_code = '53')`);
    expect(issueScopePredicate({ provinceCode: null, since: new Date(0) })).toContain('h.id in (i.household_id, i.related_household_id)');
  });

  it('refuses anything but a province code or a day, since both are inlined', () => {
    expect(() => scopePredicate({ provinceCode: "52' or true --", since: null })).toThrow(/province/);
    expect(() => refDateSql("2020-01-01'; drop table members; --")).toThrow(/YYYY-MM-DD/);
    expect(refDateSql('2020-12-31')).toBe(`'2020-12-31'::date`);
    expect(refDateSql(undefined)).toBe('current_date');
  });

  it('gives every rule a unique code and one statement selecting the four result columns', () => {
    expect(new Set(DATA_QUALITY_RULES.map((r) => r.code)).size).toBe(DATA_QUALITY_RULES.length);
    for (const rule of DATA_QUALITY_RULES) {
      const sql = rule.sql({ scope: () => 'true', refDate: 'current_date' });
      expect(sql).not.toContain(';');
      for (const col of ['household_id', 'member_id', 'related_member_id', 'detail']) expect({ rule: rule.code, has: sql.includes(col) }).toEqual({ rule: rule.code, has: true });
    }
  });
});
