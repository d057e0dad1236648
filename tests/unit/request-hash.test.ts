import { canonicalJson, requestHash } from '../../src/modules/idempotency/idempotency.service';

/** The canonical form stored keys were hashed with before it was rewritten for speed: the reference. */
function referenceJson(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(referenceJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${referenceJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

class MemberLike {
  idNumber = '52010219800505001X';
  name = '王 "小" \\ 二';
  sex?: string | null = undefined;
  birthDate: Date | null = new Date('1980-05-05T00:00:00Z');
  inSchool: boolean | null = null;
  disabilityLevel = 2;
}

const samples: unknown[] = [
  null,
  undefined,
  0,
  -1.5,
  '',
  'text with \u2028 and \n',
  false,
  [],
  {},
  [1, null, undefined, 'a', [2, [3]]],
  [1, , 3],
  { b: 1, a: 2, C: 3, _: 4, é: 5, '10': 6, '9': 7, undef: undefined, nested: { z: [], y: {} } },
  [new MemberLike(), Object.assign(new MemberLike(), { sex: 'MALE', extra: { list: [true, false] } })],
  { households: [{ registryNo: '5201020010010001', members: [new MemberLike()], otherCauses: ['ILLNESS', 'DISASTER'], exitYear: null }] },
];

describe('requestHash', () => {
  it.each(samples.map((s, i) => [i, s]))('writes sample %i exactly as the reference canonical form', (_i, sample) => {
    expect(canonicalJson(sample)).toBe(referenceJson(sample));
  });

  it('hashes a push input as keys stored before the rewrite were hashed', () => {
    const input = [{ registryNo: '5201020010010001', members: [new MemberLike()], villageCode: '520102001001', annualIncomePerCapita: 2100.5 }];
    expect(requestHash('pushHouseholds', input)).toBe('1c3b09aa60b5cc1fae5ca30783e11a979eb0a85b7ed10be0a1755f55634d3273');
  });

  it('does not depend on the key order of the objects', () => {
    expect(requestHash('op', { a: 1, b: { c: 2, d: 3 } })).toBe(requestHash('op', { b: { d: 3, c: 2 }, a: 1 }));
  });
});
