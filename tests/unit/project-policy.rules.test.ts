import { GraphQLError } from 'graphql';
import { REDACTED, type Redactable } from '../../src/graphql/redactable';
import { PROJECT_POLICY_FIELDS } from '../../src/modules/sharing-policies/sharing-policy.fields';
import { SharingPolicy } from '../../src/modules/sharing-policies/sharing-policy.rules';
import { SEED_POLICIES } from '../../src/modules/sharing-policies/sharing-policy.seed';

const seed = (code: string) => SEED_POLICIES.find((p) => p.tenantCode === code)!;
const redacted = (row: Redactable) => [...(row[REDACTED] ?? [])].sort();

/** A project row with a value in every field a policy can grant, and the ones it never cuts. */
const PROJECT: Record<string, unknown> = {
  id: 3,
  projectNo: '5201022016A',
  type: 'EDUCATION',
  ...Object.fromEntries(PROJECT_POLICY_FIELDS.map((f) => [f, `value of ${f}`])),
};

describe('SharingPolicy.project: the project cut of each seed policy', () => {
  it.each(SEED_POLICIES.map((p) => [p.tenantCode]))('%s: exactly its granted project fields keep their values; the rest are null and named', (code) => {
    const data = seed(code);
    const view = new SharingPolicy(data).project(PROJECT);
    const hidden = PROJECT_POLICY_FIELDS.filter((f) => !(data.projectFields as string[]).includes(f));
    expect(redacted(view)).toEqual([...hidden].sort());
    for (const f of hidden) expect(view[f]).toBeNull();
    for (const f of data.projectFields) expect(view[f]).toBe(PROJECT[f]);
    // The number and the type identify the project (the type is what the agreement selects by): never cut.
    expect([view.id, view.projectNo, view.type]).toEqual([3, '5201022016A', 'EDUCATION']);
  });

  it('names the contract’s project types per ministry, and none for MCA, MPS and CDPF', () => {
    expect(Object.fromEntries(SEED_POLICIES.map((p) => [p.tenantCode, new SharingPolicy(p).projectTypes]))).toEqual({
      MOE: ['EDUCATION'],
      NHFPC: ['HEALTH'],
      MOHRSS: ['EMPLOYMENT_TRAINING'],
      MOHURD: ['HOUSING_RENOVATION', 'RELOCATION'],
      MCA: [],
      MPS: [],
      CDPF: [],
    });
  });

  it('a ministry without an agreement reads no project type and no project field', () => {
    const none = new SharingPolicy(null);
    expect(none.projectTypes).toEqual([]);
    expect(redacted(none.project(PROJECT))).toEqual([...PROJECT_POLICY_FIELDS].sort());
  });

  it('refuses a projects filter by a field the agreement hides, naming what it reveals; the type is the agreement’s own', () => {
    const mohrss = new SharingPolicy(seed('MOHRSS'));
    expect(() => mohrss.assertFilter('projects', { type: 'HEALTH', countyCode: '520102', year: 2016 })).not.toThrow();
    const mca = new SharingPolicy(seed('MCA'));
    let error: unknown;
    try {
      mca.assertFilter('projects', { type: 'ROAD', status: 'APPROVED', source: 'COUNTY', provinceCode: null });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GraphQLError);
    expect((error as GraphQLError).extensions).toMatchObject({ code: 'FORBIDDEN', hiddenFields: ['status', 'budget'] });
  });
});
