import { issueForViewer } from '../../src/modules/data-quality/issue-view.rules';
import { REDACTED } from '../../src/graphql/redactable';

const pair = {
  ruleCode: 'ID_15_AND_18_DIGIT_FORMS',
  relatedProvinceCode: '52',
  relatedRegistryNo: '5201020010010017',
  relatedIdNumber: '520102195701150116',
  detail: '520102195701150116',
};

describe('what a caller sees of the other member of an issue', () => {
  it('a province learns only the other province of a cross-province pair, the cut fields named', () => {
    const view = issueForViewer(pair, { kind: 'PROVINCE', provinceCode: '53' });
    expect(view).toMatchObject({ ruleCode: pair.ruleCode, relatedProvinceCode: '52', relatedRegistryNo: null, relatedIdNumber: null, detail: null });
    expect([...((view as { [REDACTED]?: Set<string> })[REDACTED] ?? [])].sort()).toEqual(['detail', 'relatedIdNumber', 'relatedRegistryNo']);
  });

  it('leaves a pair inside the province, an issue without a pair, and LGOP untouched', () => {
    expect(issueForViewer(pair, { kind: 'PROVINCE', provinceCode: '52' })).toBe(pair);
    const single = { ...pair, relatedProvinceCode: null, relatedRegistryNo: null, relatedIdNumber: null };
    expect(issueForViewer(single, { kind: 'PROVINCE', provinceCode: '53' })).toBe(single);
    expect(issueForViewer(pair, { kind: 'ALL' })).toBe(pair);
  });
});
