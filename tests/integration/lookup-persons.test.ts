import { insertHouseholds, makeHouseholds } from '../support/registry-fixtures';
import { startTestHub, TRANSACTION_FRAMING, type TestHub } from '../support/test-hub';

const LOOKUP = `query($ids: [String!]!) { lookupPersons(idNumbers: $ids) {
  input idNumber valid reason registered householdStatus provinceCode registryNo } }`;

type Lookup = { lookupPersons: Array<Record<string, unknown>> };

describe('lookupPersons', () => {
  let hub: TestHub;
  const p52 = makeHouseholds('52', 3);
  const p53 = makeHouseholds('53', 2);

  beforeAll(async () => {
    hub = await startTestHub();
    await insertHouseholds(hub.db.orm, [...p52, ...p53]);
  });
  afterAll(() => hub.close());

  const own = () => p52[0].members[0].idNumber;
  const other = () => p53[0].members[1].idNumber;
  const spaced = (id: string) => `${id.slice(0, 6)} ${id.slice(6, 14)}-${id.slice(14).toLowerCase()}`;

  it('answers one result per input, in order, in any input form', async () => {
    const inputs = [spaced(own()), 'not-an-id', '11010519491231002X', other()];
    const res = await hub.gql<Lookup>('MOE', LOOKUP, { ids: inputs });
    const out = res.body.data!.lookupPersons;
    expect(out.map((r) => r.input)).toEqual(inputs);
    expect(out[0]).toMatchObject({ idNumber: own(), valid: true, registered: true, householdStatus: 'POOR', provinceCode: '52' });
    expect(out[1]).toMatchObject({ idNumber: null, valid: false, registered: false });
    expect(String(out[1].reason)).not.toHaveLength(0);
    expect(out[2]).toMatchObject({ idNumber: '11010519491231002X', valid: true, registered: false, registryNo: null });
    expect(out[3]).toMatchObject({ registered: true, provinceCode: '53' });
  });

  it('gives a ministry eligibility but not the registry number', async () => {
    const res = await hub.gql<Lookup>('MCA', LOOKUP, { ids: [own()] });
    expect(res.body.data!.lookupPersons[0]).toMatchObject({ registered: true, registryNo: null });
  });

  it('gives the registry number to the owning province and LGOP only', async () => {
    const mine = await hub.gql<Lookup>('P52', LOOKUP, { ids: [own(), other()] });
    expect(mine.body.data!.lookupPersons[0].registryNo).toBe(p52[0].registryNo);
    expect(mine.body.data!.lookupPersons[1]).toMatchObject({ registered: true, registryNo: null });
    const lgop = await hub.gql<Lookup>('LGOP', LOOKUP, { ids: [other()] });
    expect(lgop.body.data!.lookupPersons[0].registryNo).toBe(p53[0].registryNo);
  });

  it('accepts 1,000 numbers in one lookup statement (plus the audit row) and refuses 1,001', async () => {
    const ids = Array.from({ length: 1000 }, (_, i) => (i % 2 ? own() : other()));
    let res!: Awaited<ReturnType<typeof hub.gql<Lookup>>>;
    const statements = await hub.countStatements(async () => {
      res = await hub.gql<Lookup>('MOE', LOOKUP, { ids });
    });
    expect(res.body.data!.lookupPersons).toHaveLength(1000);
    // The policy, the lookup, the audit row: a fixed count whatever the number of IDs.
    expect(statements).toBeLessThanOrEqual(3 + TRANSACTION_FRAMING);
    const tooMany = await hub.gql('MOE', LOOKUP, { ids: [...ids, own()] });
    expect(tooMany.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'idNumbers' }] });
  });
});
