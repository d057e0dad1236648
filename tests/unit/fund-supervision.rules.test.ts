import { fundRunProvince } from '../../src/modules/fund-supervision/fund-supervision-scope.rules';
import { FUND_LIMITS, fundScope } from '../../src/modules/fund-supervision/fund-supervision.rule';
import { fundRuleContext } from '../../src/modules/fund-supervision/fund-supervision.repository';
import { FUND_SUPERVISION_RULES } from '../../src/modules/fund-supervision/fund-supervision.rules';

describe('fund supervision: who runs what, and how the rules are bound', () => {
  const P52 = { kind: 'PROVINCE', provinceCode: '52' } as const;

  it('lets LGOP run any province or the whole country, and a province only its own', () => {
    expect(fundRunProvince({ kind: 'ALL' }, null)).toEqual({ province: null });
    expect(fundRunProvince({ kind: 'ALL' }, '53')).toEqual({ province: '53' });
    expect(fundRunProvince(P52, null)).toEqual({ province: '52' });
    expect(fundRunProvince(P52, '52')).toEqual({ province: '52' });
    expect(fundRunProvince(P52, '53')).toEqual({ refused: 'OTHER_PROVINCE' });
    expect(fundRunProvince({ kind: 'NONE' }, null)).toEqual({ refused: 'OTHER_PROVINCE' });
  });

  it('refuses a province code that is not two digits, whoever asks', () => {
    for (const bad of ['5', '520', 'ab', "52' or true --"]) {
      expect(fundRunProvince({ kind: 'ALL' }, bad)).toEqual({ refused: 'BAD_PROVINCE_CODE' });
      expect(fundRunProvince(P52, bad)).toEqual({ refused: 'BAD_PROVINCE_CODE' });
    }
  });

  it('binds the run’s province and day as values, never as SQL text', () => {
    expect(fundScope(null)('t').toPg()).toEqual({ text: 'true', values: [] });
    expect(fundScope('52')('b').toPg()).toEqual({ text: `"b"."province_code" = $1::text`, values: ['52'] });
    const ctx = fundRuleContext('52', '2017-06-30');
    for (const rule of FUND_SUPERVISION_RULES) {
      const { text, values } = rule.sql(ctx).toPg();
      expect({ rule: rule.code, province: values.includes('52') }).toEqual({ rule: rule.code, province: true });
      expect(text).not.toContain('2017-06-30');
    }
    expect(() => fundRuleContext(null, "2017-06-30'; drop table benefits; --")).toThrow(/YYYY-MM-DD/);
  });

  it('keeps the thresholds of domain.md, money as an exact decimal string', () => {
    expect(FUND_LIMITS).toEqual({ idleDays: 90, microcreditCap: '50000.00', targetingPercent: 70, yearsAfterExit: 2 });
    expect(new Set(FUND_SUPERVISION_RULES.map((r) => r.code)).size).toBe(12);
  });
});
