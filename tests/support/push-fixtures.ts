import { buildIdNumber } from '../../src/modules/id-number/id-number.generator';

export const PUSH = `mutation($key: String!, $households: [HouseholdInput!]!) {
  pushHouseholds(idempotencyKey: $key, households: $households) {
    created updated unchanged rejected
    results { index registryNo outcome version errors { path code message } }
  } }`;

export interface PushSummaryBody {
  pushHouseholds: {
    created: number;
    updated: number;
    unchanged: number;
    rejected: number;
    results: Array<{
      index: number;
      registryNo: string;
      outcome: string;
      version: number | null;
      errors: Array<{ path: string; code: string; message: string }>;
    }>;
  };
}

/** A valid household input of province `p` numbered `n`: head, spouse and child. */
export function householdInput(p: string, n: number): Record<string, unknown> & { members: Array<Record<string, unknown>> } {
  const county = `${p}0102`;
  const village = `${county}001001`;
  return {
    registryNo: `${village}${String(n).padStart(4, '0')}`,
    villageCode: village,
    status: 'POOR',
    identifiedYear: 2015,
    primaryCause: 'ILLNESS',
    otherCauses: ['LACK_OF_FUNDS'],
    annualIncomePerCapita: 2100.5,
    housingSafe: true,
    drinkingWaterSafe: true,
    members: [
      { idNumber: buildIdNumber(county, '1970-01-01', ((n * 3) % 1000) | 1), name: `张${n}`, relationship: 'HEAD', health: 'HEALTHY' },
      { idNumber: buildIdNumber(county, '1972-02-02', ((n * 3) % 1000) & ~1), name: `李${n}`, relationship: 'SPOUSE', health: 'CHRONIC_ILLNESS' },
      { idNumber: buildIdNumber(county, '2010-03-03', (n * 7) % 1000), name: `张小${n}`, relationship: 'CHILD', health: 'HEALTHY', inSchool: true },
    ],
  };
}
