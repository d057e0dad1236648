import { IdNumberErrorCode, computeCheckCharacter, maskIdNumber, normaliseIdNumber } from '../../src/modules/id-number/id-number';
import { buildIdNumber } from '../../src/modules/id-number/id-number.generator';

const TODAY = new Date('2026-11-28T00:00:00Z');
const norm = (s: string) => normaliseIdNumber(s, TODAY);
const withCheck = (first17: string) => first17 + computeCheckCharacter(first17);

describe('resident ID numbers (GB 11643-1999)', () => {
  it('accepts the standard’s own examples', () => {
    expect(norm('11010519491231002X')).toEqual({
      ok: true, idNumber: '11010519491231002X', birthDate: '1949-12-31', sex: 'FEMALE',
      regionCode: '110105', provinceCode: '11', legacy15: false,
    });
    expect(norm('440524188001010014')).toMatchObject({ ok: true, birthDate: '1880-01-01', sex: 'MALE' });
  });

  it('converts the 15-digit legacy form', () => {
    expect(norm('110105491231002')).toMatchObject({ ok: true, idNumber: '11010519491231002X', legacy15: true });
  });

  it.each([
    ['lower-case x', '11010519491231002x'],
    ['full-width digits', '１１０１０５１９４９１２３１００２Ｘ'],
    ['spaces', ' 110105 19491231 002X '],
    ['dashes', '110105-19491231-002X'],
    ['ideographic space and full-width dash', '110105\u300019491231－002x'],
  ])('normalises %s', (_name, input) => {
    expect(norm(input)).toMatchObject({ ok: true, idNumber: '11010519491231002X' });
  });

  it.each([
    ['a wrong check character', '110105194912310021', IdNumberErrorCode.BAD_CHECK_CHARACTER],
    ['30 February', withCheck('11010520000230002'), IdNumberErrorCode.BAD_DATE],
    ['a birth date in the future', withCheck('11010520301231002'), IdNumberErrorCode.FUTURE_DATE],
    ['region 000000', withCheck('00000019491231002'), IdNumberErrorCode.BAD_REGION],
    ['a province that does not exist', withCheck('99010519491231002'), IdNumberErrorCode.BAD_REGION],
    ['a letter inside', '1101051949A231002X', IdNumberErrorCode.BAD_CHARACTER],
    ['an X that is not last', '11010519491231X02X', IdNumberErrorCode.BAD_CHARACTER],
    ['17 characters', '11010519491231002', IdNumberErrorCode.BAD_LENGTH],
    ['19 characters', '11010519491231002X1', IdNumberErrorCode.BAD_LENGTH],
    ['nothing', '  ', IdNumberErrorCode.EMPTY],
    ['a huge string', '1'.repeat(10_000), IdNumberErrorCode.BAD_LENGTH],
  ])('refuses %s', (_name, input, code) => {
    const r = norm(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe(code);
      expect(r.reason).toMatch(/^ID number /);
    }
  });

  it('says which check character was expected, and that only it is wrong', () => {
    expect(norm('110105194912310021')).toMatchObject({
      ok: false, checkCharOnly: true, expected: 'X', reason: 'ID number check character is 1 but should be X',
    });
  });

  it('round-trips 1,000 generated numbers: birth date and sex agree', () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    for (let i = 0; i < 1000; i++) {
      const region = ['520102', '530111', '130102', '620102'][rand(4)];
      const date = `${1920 + rand(100)}-${String(1 + rand(12)).padStart(2, '0')}-${String(1 + rand(28)).padStart(2, '0')}`;
      const seq = rand(1000);
      const r = norm(buildIdNumber(region, date, seq));
      expect(r).toMatchObject({ ok: true, birthDate: date, sex: seq % 2 ? 'MALE' : 'FEMALE', regionCode: region });
    }
  });

  it('masks all but the region and the last four characters', () => {
    expect(maskIdNumber('52010219800101123X')).toBe('520102********123X');
  });
});
