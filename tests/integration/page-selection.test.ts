import { insertHouseholds, makeHouseholds } from '../support/registry-fixtures';
import { startTestHub, type TestHub } from '../support/test-hub';

type Node = Record<string, unknown> & { members: Array<Record<string, unknown>> };
type Pages = Record<string, { edges: Array<{ node: Node }> }>;

const ALL_MEMBER = 'idNumber name sex birthDate relationship ethnicity education inSchool health status statusDate';
const ALL_HOUSEHOLD = 'registryNo villageCode countyCode provinceCode status identifiedYear primaryCause otherCauses version createdAt';

/**
 * Issue 14: a households page reads only the columns and member fields its operation selects.
 * What it answers must not depend on that: each field equals what a page selecting everything says,
 * however the selection is spelled (aliases, fragments) and whatever else the operation reads.
 */
describe('a page reads what its operation selects, and answers the same', () => {
  let hub: TestHub;
  let everything: Node[];

  beforeAll(async () => {
    hub = await startTestHub();
    await insertHouseholds(hub.db.orm, makeHouseholds('52', 8));
    const res = await hub.gql<Pages>('P52', `{ p: households(first: 8) { edges { node { ${ALL_HOUSEHOLD} members { ${ALL_MEMBER} } } } } }`);
    expect(res.body.errors).toBeUndefined();
    everything = res.body.data!.p.edges.map((e) => e.node);
    expect(everything).toHaveLength(8);
  });
  afterAll(() => hub.close());

  /** The named fields of each node (and of each member), as the page selecting everything has them. */
  const expected = (fields: string[], memberFields: string[]) =>
    everything.map((h) => ({
      ...Object.fromEntries(fields.map((f) => [f, h[f]])),
      members: h.members.map((m) => Object.fromEntries(memberFields.map((f) => [f, m[f]]))),
    }));

  it('gives two pages of one operation the member fields each selects', async () => {
    const res = await hub.gql<Pages>(
      'P52',
      `{ a: households(first: 8) { edges { node { registryNo members { name } } } }
         b: households(first: 8) { edges { node { villageCode members { sex birthDate idNumber } } } } }`,
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.a.edges.map((e) => e.node)).toEqual(expected(['registryNo'], ['name']));
    expect(res.body.data!.b.edges.map((e) => e.node)).toEqual(expected(['villageCode'], ['sex', 'birthDate', 'idNumber']));
    // The fields a's rows lack: had b met a's cut-down rows, these would be null.
    expect(res.body.data!.b.edges.flatMap((e) => e.node.members.map((m) => m.idNumber))).toEqual(expect.arrayContaining([expect.stringMatching(/^520102/)]));
    expect(res.body.data!.b.edges.every((e) => e.node.members.every((m) => typeof m.idNumber === 'string'))).toBe(true);
  });

  it('reads fields selected through fragments and aliases, and a household read beside the page keeps its own fields', async () => {
    const res = await hub.gql<Pages & { one: Node }>(
      'P52',
      `query($r: String!) {
         p: households(first: 8) { edges { node { ...place members { ...person who: relationship } } } }
         one: household(registryNo: $r) { registryNo members { ${ALL_MEMBER} } } }
       fragment place on Household { registryNo ... on Household { status countyCode } }
       fragment person on Member { name education }`,
      { r: everything[0].registryNo },
    );
    expect(res.body.errors).toBeUndefined();
    const page = res.body.data!.p.edges.map((e) => e.node);
    expect(page.map(({ members, ...h }) => ({ ...h, members: members.map(({ who, ...m }) => ({ ...m, relationship: who })) }))).toEqual(
      expected(['registryNo', 'status', 'countyCode'], ['name', 'education', 'relationship']),
    );
    expect(res.body.data!.one).toEqual({ registryNo: everything[0].registryNo, members: everything[0].members });
  });
});
