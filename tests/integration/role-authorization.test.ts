import { PUSH, householdInput } from '../support/push-fixtures';
import { startTestHub, type TestHub } from '../support/test-hub';

const SUBMIT = (sector: string) =>
  `mutation { submitSectorBatch(idempotencyKey: "role-${sector}", sector: ${sector}, period: "2020", records: [{ idNumber: "x", name: "y" }]) { id } }`;
const MATCHED = `{ matchedHouseholds(sector: EDUCATION) { edges { node { household { registryNo } } } } }`;
const RESOLVE = `mutation { resolveDiscrepancy(id: "1", resolution: CONFIRMED) { id } }`;
const EXIT = `mutation($r: String!) { recordExit(registryNo: $r, year: 2017) { version } }`;

/** [tenant, operation name, query, variables, reason] of calls refused by role. */
const REFUSED: Array<[string, string, string, Record<string, unknown>, string]> = [
  ['P52', 'tenants', '{ tenants { code } }', {}, 'LGOP_ONLY'],
  ['P52', 'auditLog', '{ auditLog { edges { node { id } } } }', {}, 'LGOP_ONLY'],
  ['P52', 'matchedHouseholds', MATCHED, {}, 'LGOP_OR_MINISTRY_ONLY'],
  ['P52', 'submitSectorBatch', SUBMIT('HEALTH'), {}, 'SECTOR_MINISTRY_ONLY'],
  ['MOE', 'pushHouseholds', PUSH, { key: 'role-moe', households: [householdInput('52', 1)] }, 'PROVINCE_ONLY'],
  ['MOE', 'registryStats', '{ registryStats(groupBy: [PROVINCE]) { households } }', {}, 'LGOP_OR_PROVINCE_ONLY'],
  ['MOE', 'runDataQualityCheck', 'mutation { runDataQualityCheck { id } }', {}, 'LGOP_OR_PROVINCE_ONLY'],
  ['MOE', 'sharingPolicies', '{ sharingPolicies { tenantCode } }', {}, 'LGOP_ONLY'],
  ['MOE', 'submitSectorBatch', SUBMIT('HEALTH'), {}, 'OTHER_SECTOR'],
  ['MOE', 'resolveDiscrepancy', RESOLVE, {}, 'PROVINCE_ONLY'],
  ['LGOP', 'pushHouseholds', PUSH, { key: 'role-lgop', households: [householdInput('52', 2)] }, 'PROVINCE_ONLY'],
  ['LGOP', 'recordExit', EXIT, { r: householdInput('52', 0).registryNo }, 'PROVINCE_ONLY'],
  ['LGOP', 'resolveDiscrepancy', RESOLVE, {}, 'PROVINCE_ONLY'],
  ['LGOP', 'submitSectorBatch', SUBMIT('EDUCATION'), {}, 'SECTOR_MINISTRY_ONLY'],
];

describe('role authorization: one FORBIDDEN shape from the auth checker', () => {
  let hub: TestHub;
  const count = async (table: string) => Number((await hub.db.orm.em.fork().getConnection().execute(`select count(*)::int as n from ${table}`))[0].n);

  beforeAll(async () => {
    hub = await startTestHub();
    const pushed = await hub.gql('P52', PUSH, { key: 'role-seed', households: [householdInput('52', 0)] });
    if (pushed.body.errors) throw new Error(JSON.stringify(pushed.body.errors));
  });
  afterAll(() => hub.close());

  it.each(REFUSED)('%s calling %s is FORBIDDEN with reason, naming who may, and no data', async (who, operation, query, variables, reason) => {
    const res = await hub.gql(who, query, variables);
    expect(res.status).toBe(200);
    expect(res.body.errors).toHaveLength(1);
    const [error] = res.body.errors!;
    expect(error.extensions).toEqual({ code: 'FORBIDDEN', reason });
    expect(error.message).toMatch(new RegExp(`^Only (LGOP|the) .*?may call ${operation}; ${who} `));
    expect(error.path).toEqual([operation]);
    expect(res.body.data ?? null).toBeNull();
  });

  it('changes and audits nothing for a refused call', async () => {
    const [audit, batches, households] = [await count('audit_log'), await count('sector_batches'), await count('households')];
    await hub.gql('P52', MATCHED);
    await hub.gql('LGOP', SUBMIT('EDUCATION'));
    await hub.gql('MOE', PUSH, { key: 'role-none', households: [householdInput('52', 3)] });
    expect([await count('audit_log'), await count('sector_batches'), await count('households')]).toEqual([audit, batches, households]);
  });

  it('lets the roles named through', async () => {
    expect((await hub.gql('MOE', SUBMIT('EDUCATION'))).body.errors).toBeUndefined();
    expect((await hub.gql('LGOP', MATCHED)).body.errors).toBeUndefined();
    expect((await hub.gql('MOE', MATCHED)).body.errors).toBeUndefined();
    expect((await hub.gql('P52', '{ registryStats(groupBy: [PROVINCE]) { households } }')).body.errors).toBeUndefined();
  });
});
