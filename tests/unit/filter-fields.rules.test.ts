import { FILTER_FIELDS, refusedFilterFields } from '../../src/modules/sharing-policies/filter-fields.rules';
import { HOUSEHOLD_POLICY_FIELDS } from '../../src/modules/sharing-policies/sharing-policy.fields';
import { SEED_POLICIES } from '../../src/modules/sharing-policies/sharing-policy.seed';
import { buildHubSchema } from '../../src/graphql/schema';
import { isInputObjectType } from 'graphql';

const granted = (tenantCode: string) => new Set<string>(SEED_POLICIES.find((p) => p.tenantCode === tenantCode)!.householdFields);

describe('filter fields a sharing policy allows', () => {
  it('refuses MPS a filter by status, cause or year, and names the policy field each reveals', () => {
    expect(refusedFilterFields('households', { status: 'POOR', countyCode: '520102' }, granted('MPS'))).toEqual([{ field: 'status', reveals: 'status' }]);
    expect(refusedFilterFields('households', { primaryCause: 'ILLNESS', identifiedYear: 2015, exitYear: 2019 }, granted('MPS')).map((r) => r.field)).toEqual([
      'primaryCause',
      'identifiedYear',
      'exitYear',
    ]);
    expect(refusedFilterFields('matchedHouseholds', { status: 'EXITED' }, granted('MPS'))).toEqual([{ field: 'status', reveals: 'status' }]);
  });

  it('lets a policy filter by what it grants, by its own facts, and ignores conditions not given', () => {
    expect(refusedFilterFields('households', { status: 'POOR', primaryCause: 'ILLNESS', villageCode: '520102001001' }, granted('MOE'))).toEqual([]);
    expect(refusedFilterFields('matchedHouseholds', { discrepancyKind: 'X', batchId: 'b' }, new Set())).toEqual([]);
    expect(refusedFilterFields('discrepancies', { kind: 'X', status: 'OPEN', sector: 'HEALTH', minAgeDays: 3 }, new Set())).toEqual([]);
    expect(refusedFilterFields('households', { status: undefined, exitYear: null }, new Set())).toEqual([]);
    expect(refusedFilterFields('households', undefined, new Set())).toEqual([]);
  });

  it('refuses MOHRSS the village it does not see, and a county filter of discrepancies to a policy without the county', () => {
    expect(refusedFilterFields('households', { villageCode: '520102001001' }, granted('MOHRSS'))).toEqual([{ field: 'villageCode', reveals: 'villageCode' }]);
    expect(refusedFilterFields('discrepancies', { countyCode: '520102' }, new Set(['provinceCode']))).toEqual([{ field: 'countyCode', reveals: 'countyCode' }]);
  });

  it('refuses a filter field nobody has classified (fail closed)', () => {
    expect(refusedFilterFields('households', { registryNo: '5201' }, granted('MOE'))).toEqual([{ field: 'registryNo', reveals: 'registryNo' }]);
  });

  it('classifies every field of every filter input those lists take, each as a policy field or as none', async () => {
    const schema = await buildHubSchema();
    const inputs = { households: 'HouseholdFilter', matchedHouseholds: 'MatchedHouseholdFilter', discrepancies: 'DiscrepancyFilter' } as const;
    for (const [list, name] of Object.entries(inputs) as Array<[keyof typeof FILTER_FIELDS, string]>) {
      const type = schema.getType(name);
      if (!isInputObjectType(type)) throw new Error(`${name} is not an input type`);
      expect({ list, fields: Object.keys(type.getFields()).sort() }).toEqual({ list, fields: Object.keys(FILTER_FIELDS[list]).sort() });
      for (const reveals of Object.values(FILTER_FIELDS[list] as Record<string, string | null>)) {
        if (reveals !== null) expect(HOUSEHOLD_POLICY_FIELDS).toContain(reveals);
      }
    }
  });
});
