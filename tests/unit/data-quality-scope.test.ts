import { sql } from '../../src/db/sql';
import { issueScopePredicate, refDateSql, scopePredicate } from '../../src/modules/data-quality/data-quality.repository';
import { DATA_QUALITY_RULES } from '../../src/modules/data-quality/data-quality.rules';

describe('data-quality run scope (bound into rule SQL)', () => {
  it('is true for the whole registry, a province predicate for one province, and adds the change time', () => {
    expect(scopePredicate({ provinceCode: null, since: null })('h').toPg()).toEqual({ text: 'true', values: [] });
    expect(scopePredicate({ provinceCode: '52', since: null })('h').toPg()).toEqual({ text: `("h"."province_code" = $1::text)`, values: ['52'] });
    const since = new Date('2026-01-02T03:04:05.000Z');
    expect(scopePredicate({ provinceCode: '52', since })('a').toPg()).toEqual({
      text: `("a"."province_code" = $1::text and "a"."updated_at" >= $2::timestamptz)`,
      values: ['52', since],
    });
  });

  it('answers for issues of the province, or whose other member is in it', () => {
    expect(issueScopePredicate({ provinceCode: null, since: null }).toPg().text).toBe('true');
    expect(issueScopePredicate({ provinceCode: '53', since: null }).toPg()).toEqual({
      text: `(i.province_code = $1::text or i.related_province_code = $2::text)`,
      values: ['53', '53'],
    });
    expect(issueScopePredicate({ provinceCode: null, since: new Date(0) }).toPg().text).toContain('h.id in (i.household_id, i.related_household_id)');
  });

  it('binds the province and the day as values, never as SQL text', () => {
    const hostile = "52' or true --";
    const scope = scopePredicate({ provinceCode: hostile, since: null })('h').toPg();
    expect(scope.text).not.toContain('or true');
    expect(scope.values).toEqual([hostile]);
    expect(() => refDateSql("2020-01-01'; drop table members; --")).toThrow(/YYYY-MM-DD/);
    expect(refDateSql('2020-12-31').toPg()).toEqual({ text: '$1::date', values: ['2020-12-31'] });
    expect(refDateSql(undefined).toPg()).toEqual({ text: 'current_date', values: [] });
  });

  it('gives every rule a unique code and one statement selecting the four result columns', () => {
    expect(new Set(DATA_QUALITY_RULES.map((r) => r.code)).size).toBe(DATA_QUALITY_RULES.length);
    for (const rule of DATA_QUALITY_RULES) {
      const { text } = rule.sql({ scope: () => sql`true`, refDate: sql`current_date` }).toPg();
      expect(text).not.toContain(';');
      for (const col of ['household_id', 'member_id', 'related_member_id', 'detail'])
        expect({ rule: rule.code, has: text.includes(col) }).toEqual({ rule: rule.code, has: true });
    }
  });
});
