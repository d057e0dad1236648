import {
  IdNumberErrorCode,
  computeCheckCharacter,
  idNumberProvince,
  isValidIdNumber,
  maskIdNumber,
  normaliseIdNumber,
} from '../../src/modules/id-number/id-number';
import { buildIdNumber } from '../../src/modules/id-number/id-number.generator';

const TODAY = new Date('2026-11-28T00:00:00Z');
const norm = (s: string) => normaliseIdNumber(s, TODAY);
const withCheck = (first17: string) => first17 + computeCheckCharacter(first17);

const PROVINCES = [
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
];

/** Deterministic PRNG (mulberry32), so a failing property run can be replayed. */
function prng(seed: number): (n: number) => number {
  return (n) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n) | 0;
  };
}

function expectFailure(input: string, code: IdNumberErrorCode): string {
  const r = norm(input);
  if (r.ok) throw new Error(`expected ${code} for "${input}", got ok`);
  expect(r.code).toBe(code);
  expect(r.reason).toMatch(/^ID number /);
  return r.reason;
}

describe('normaliseIdNumber: valid numbers', () => {
  it('accepts the standard’s own examples', () => {
    expect(norm('11010519491231002X')).toEqual({
      ok: true,
      idNumber: '11010519491231002X',
      birthDate: '1949-12-31',
      sex: 'FEMALE',
      regionCode: '110105',
      provinceCode: '11',
      legacy15: false,
    });
    expect(norm('440524188001010014')).toEqual({
      ok: true,
      idNumber: '440524188001010014',
      birthDate: '1880-01-01',
      sex: 'MALE',
      regionCode: '440524',
      provinceCode: '44',
      legacy15: false,
    });
  });

  it('converts the 15-digit legacy form by adding the century and the check character', () => {
    expect(norm('110105491231002')).toEqual({
      ok: true,
      idNumber: '11010519491231002X',
      birthDate: '1949-12-31',
      sex: 'FEMALE',
      regionCode: '110105',
      provinceCode: '11',
      legacy15: true,
    });
    expect(norm('440524800101001')).toMatchObject({ ok: true, idNumber: withCheck('44052419800101001'), sex: 'MALE', legacy15: true });
  });

  it.each([
    ['lower-case x', '11010519491231002x'],
    ['full-width digits and X', '１１０１０５１９４９１２３１００２Ｘ'],
    ['full-width lower-case x', '１１０１０５１９４９１２３１００２ｘ'],
    ['inner spaces', '110105 19491231 002X'],
    ['surrounding spaces and tabs', ' \t11010519491231002X \n'],
    ['ASCII dashes', '110105-19491231-002X'],
    ['full-width dash and ideographic space', '110105\u300019491231－002x'],
    ['en and em dashes', '110105–19491231—002X'],
    ['no-break and zero-width spaces from a spreadsheet', '\ufeff110105\u00a019491231\u200b002X'],
  ])('normalises %s', (_name, input) => {
    expect(norm(input)).toMatchObject({ ok: true, idNumber: '11010519491231002X', legacy15: false });
  });

  it('accepts 29 February of a leap year and a birth on `today`', () => {
    expect(norm(buildIdNumber('110105', '2000-02-29', 1))).toMatchObject({ ok: true, birthDate: '2000-02-29' });
    expect(norm(buildIdNumber('110105', '2026-11-28', 1))).toMatchObject({ ok: true, birthDate: '2026-11-28' });
  });

  it('accepts every GB/T 2260 province code', () => {
    for (const p of PROVINCES) expect(norm(buildIdNumber(`${p}0102`, '1980-06-15', 7))).toMatchObject({ ok: true, provinceCode: p });
  });
});

describe('normaliseIdNumber: refusals', () => {
  it.each([
    ['a wrong check character', '110105194912310021', IdNumberErrorCode.BAD_CHECK_CHARACTER],
    ['30 February', withCheck('11010520000230002'), IdNumberErrorCode.BAD_DATE],
    ['29 February of a non-leap year', buildIdNumber('110105', '1900-02-29', 2), IdNumberErrorCode.BAD_DATE],
    ['month 13', buildIdNumber('110105', '1990-13-01', 2), IdNumberErrorCode.BAD_DATE],
    ['day 00', buildIdNumber('110105', '1990-01-00', 2), IdNumberErrorCode.BAD_DATE],
    ['a year before 1800', buildIdNumber('110105', '1049-12-31', 2), IdNumberErrorCode.BAD_DATE],
    ['a birth date in the future', withCheck('11010520301231002'), IdNumberErrorCode.FUTURE_DATE],
    ['tomorrow', buildIdNumber('110105', '2026-11-29', 2), IdNumberErrorCode.FUTURE_DATE],
    ['region 000000', withCheck('00000019491231002'), IdNumberErrorCode.BAD_REGION],
    ['a province that does not exist', withCheck('99010519491231002'), IdNumberErrorCode.BAD_REGION],
    ['a letter inside', '1101051949A231002X', IdNumberErrorCode.BAD_CHARACTER],
    ['an X that is not last', '11010519491231X02X', IdNumberErrorCode.BAD_CHARACTER],
    ['an X on the 15-digit form', '11010549123100X', IdNumberErrorCode.BAD_CHARACTER],
    ['punctuation', '110105.9491231002X', IdNumberErrorCode.BAD_CHARACTER],
    ['17 characters', '11010519491231002', IdNumberErrorCode.BAD_LENGTH],
    ['19 characters', '11010519491231002X1', IdNumberErrorCode.BAD_LENGTH],
    ['16 characters', '1101051949123100', IdNumberErrorCode.BAD_LENGTH],
    ['a huge string', '1'.repeat(10_000), IdNumberErrorCode.BAD_LENGTH],
    ['the empty string', '', IdNumberErrorCode.EMPTY],
    ['only spaces', ' \u3000 ', IdNumberErrorCode.EMPTY],
    ['only dashes', '--－', IdNumberErrorCode.EMPTY],
  ])('refuses %s', (_name, input, code) => {
    expectFailure(input, code);
  });

  it('says which check character was expected, and that only it is wrong', () => {
    expect(norm('110105194912310021')).toEqual({
      ok: false,
      code: IdNumberErrorCode.BAD_CHECK_CHARACTER,
      reason: 'ID number check character is 1 but should be X',
      checkCharOnly: true,
      expected: 'X',
      candidate: '110105194912310021',
    });
  });

  it('names the problem in words a clerk can act on', () => {
    expect(expectFailure('11010519491231002', IdNumberErrorCode.BAD_LENGTH)).toMatch(/has 17 characters.*18.*15/);
    expect(expectFailure('11010519491231002X1', IdNumberErrorCode.BAD_LENGTH)).toMatch(/has 19 characters/);
    expect(expectFailure('1101051949A231002X', IdNumberErrorCode.BAD_CHARACTER)).toMatch(/"A" as character 11.*digit/);
    expect(expectFailure('11010519491231X02X', IdNumberErrorCode.BAD_CHARACTER)).toMatch(/X may only be the 18th/);
    expect(expectFailure('11010519491231002\u0007', IdNumberErrorCode.BAD_CHARACTER)).toMatch(/U\+0007 as character 18/);
    expect(expectFailure(withCheck('11010520000230002'), IdNumberErrorCode.BAD_DATE)).toBe('ID number birth date 2000-02-30 is not a real date');
    expect(expectFailure(withCheck('11010520301231002'), IdNumberErrorCode.FUTURE_DATE)).toBe('ID number birth date 2030-12-31 is in the future');
    expect(expectFailure(withCheck('00000019491231002'), IdNumberErrorCode.BAD_REGION)).toMatch(/region code 000000/);
    expect(expectFailure(withCheck('99010519491231002'), IdNumberErrorCode.BAD_REGION)).toMatch(/990105.*province/);
    expect(expectFailure('', IdNumberErrorCode.EMPTY)).toBe('ID number is empty');
  });

  it('refuses province codes next to real ones', () => {
    for (const p of ['10', '16', '20', '24', '30', '38', '40', '47', '49', '55', '60', '66', '70', '72', '80', '83', '91']) {
      expectFailure(buildIdNumber(`${p}0102`, '1980-06-15', 7), IdNumberErrorCode.BAD_REGION);
    }
  });

  it('checks region before date before check character', () => {
    expectFailure('000000200002300021', IdNumberErrorCode.BAD_REGION);
    expectFailure('110105200002300021', IdNumberErrorCode.BAD_DATE);
    expectFailure('110105203012310021', IdNumberErrorCode.FUTURE_DATE);
  });

  it('never throws, whatever it is given', () => {
    const rand = prng(11);
    const alphabet = '0123456789Xx０９Ｘ -－A.\u3000\u0000😀\ud800';
    for (let i = 0; i < 2000; i++) {
      let s = '';
      for (let n = rand(22); n > 0; n--) s += alphabet[rand(alphabet.length)];
      expect(typeof norm(s).ok).toBe('boolean');
    }
  });
});

describe('computeCheckCharacter', () => {
  it('follows ISO 7064 MOD 11-2', () => {
    expect(computeCheckCharacter('11010519491231002')).toBe('X');
    expect(computeCheckCharacter('44052418800101001')).toBe('4');
    expect(computeCheckCharacter('00000000000000000')).toBe('1');
  });

  it('refuses anything but 17 digits', () => {
    expect(() => computeCheckCharacter('1101051949123100')).toThrow(RangeError);
    expect(() => computeCheckCharacter('1101051949123100A')).toThrow(RangeError);
  });
});

describe('helpers', () => {
  it('isValidIdNumber accepts any valid form and refuses the rest', () => {
    expect(isValidIdNumber('11010519491231002x')).toBe(true);
    expect(isValidIdNumber('110105491231002')).toBe(true);
    expect(isValidIdNumber('110105194912310021')).toBe(false);
    expect(isValidIdNumber('')).toBe(false);
  });

  it('maskIdNumber keeps the region only: birth date, sequence and check character are starred', () => {
    expect(maskIdNumber('52010219800101123X')).toBe('520102************');
    expect(maskIdNumber('110105491231002')).toBe('110105*********');
    expect(maskIdNumber('1234567890')).toBe('**********');
  });

  it('idNumberProvince reads the province of any form', () => {
    expect(idNumberProvince('52010219800101123X')).toBe('52');
    expect(idNumberProvince(' ５２0102')).toBe('52');
    expect(idNumberProvince('990105194912310021')).toBeNull();
    expect(idNumberProvince('')).toBeNull();
  });

  it('buildIdNumber refuses arguments of the wrong shape', () => {
    expect(() => buildIdNumber('11010', '1949-12-31', 2)).toThrow(RangeError);
    expect(() => buildIdNumber('110105', '19491231', 2)).toThrow(RangeError);
    expect(() => buildIdNumber('11010A', '1949-12-31', 2)).toThrow(RangeError);
    expect(() => buildIdNumber('110105', '1949-12-31', 1000)).toThrow(RangeError);
    expect(() => buildIdNumber('110105', '1949-12-31', 1.5)).toThrow(RangeError);
    expect(buildIdNumber('110105', '1949-12-31', 2)).toBe('11010519491231002X');
  });
});

describe('property: generated numbers', () => {
  const rand = prng(2026);
  const firstDay = Date.UTC(1900, 0, 1);
  const days = (TODAY.getTime() - firstDay) / 86_400_000 + 1;
  const cases = Array.from({ length: 1000 }, () => {
    const region = `${PROVINCES[rand(PROVINCES.length)]}${String(rand(10_000)).padStart(4, '0')}`;
    const date = new Date(firstDay + rand(days) * 86_400_000).toISOString().slice(0, 10);
    return { region, date, seq: rand(1000) };
  });

  it('1,000 numbers from buildIdNumber validate and round-trip region, birth date and sex', () => {
    for (const { region, date, seq } of cases) {
      const id = buildIdNumber(region, date, seq);
      expect(norm(id)).toEqual({
        ok: true,
        idNumber: id,
        birthDate: date,
        sex: seq % 2 === 1 ? 'MALE' : 'FEMALE',
        regionCode: region,
        provinceCode: region.slice(0, 2),
        legacy15: false,
      });
      expect(maskIdNumber(id)).toBe(`${region}************`);
    }
  });

  it('their 15-digit forms convert back to the same numbers', () => {
    for (const { region, date, seq } of cases.filter((c) => c.date < '2000')) {
      const id = buildIdNumber(region, date, seq);
      expect(norm(id.slice(0, 6) + id.slice(8, 17))).toMatchObject({ ok: true, idNumber: id, legacy15: true });
    }
  });

  it('any single changed digit is caught', () => {
    for (const { region, date, seq } of cases) {
      const id = buildIdNumber(region, date, seq);
      const at = rand(18);
      const old = id[at] === 'X' ? 10 : Number(id[at]);
      const replacement = at === 17 ? '0123456789X'[(old + 1 + rand(10)) % 11] : String((old + 1 + rand(9)) % 10);
      expect(norm(id.slice(0, at) + replacement + id.slice(at + 1)).ok).toBe(false);
    }
  });
});
