import { getMetadataStorage } from 'type-graphql';
import { buildHubSchema } from '../../src/graphql/schema';
import { AUDITED_READ } from '../../src/modules/audit/read-audit';
import { PUSH, householdInput } from '../support/push-fixtures';
import { startTestHub, type TestHub } from '../support/test-hub';

/** The reads that hand out personal data, each audited by @AuditRead under its own name. */
const AUDITED = ['batchRecords', 'dataQualityIssues', 'discrepancies', 'household', 'households', 'lookupPersons', 'matchedHouseholds'];

describe('@AuditRead: the audit of personal-data reads', () => {
  let hub: TestHub;
  const h = householdInput('52', 7);
  const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => hub.db.orm.em.fork().getConnection().execute<T[]>(q, p);
  const reads = () =>
    sql<{ operation: string; registry_nos: string[]; id_numbers: string[] }>(
      `select operation, registry_nos, id_numbers from audit_log where detail->>'read' = 'true' order by id`,
    );

  beforeAll(async () => {
    hub = await startTestHub();
    const pushed = await hub.gql('P52', PUSH, { key: 'read-audit', households: [h] });
    if (pushed.body.errors) throw new Error(JSON.stringify(pushed.body.errors));
  });
  afterAll(() => hub.close());

  it('marks exactly the seven personal-data reads, each under its own operation name', async () => {
    await buildHubSchema();
    const storage = getMetadataStorage();
    const audited = storage.queries.flatMap((q) =>
      (q.middlewares ?? [])
        .map((m) => (m as { [AUDITED_READ]?: string })[AUDITED_READ])
        .filter((op) => op)
        .map((op) => [q.schemaName, op]),
    );
    expect(audited.sort()).toEqual(AUDITED.map((op) => [op, op]));
  });

  it('writes the row with the facts of the answer; a read that found nobody writes none', async () => {
    const before = (await reads()).length;
    expect((await hub.gql('P52', `query($r: String!) { household(registryNo: $r) { registryNo } }`, { r: h.registryNo })).body.data).toEqual({
      household: { registryNo: h.registryNo },
    });
    expect((await hub.gql('P53', `query($r: String!) { household(registryNo: $r) { registryNo } }`, { r: h.registryNo })).body.data).toEqual({
      household: null,
    });
    const ids = h.members.map((m) => m.idNumber as string);
    await hub.gql('MOE', `query($ids: [String!]!) { lookupPersons(idNumbers: $ids) { registered } }`, { ids: [...ids, '123'] });
    expect((await reads()).slice(before)).toEqual([
      { operation: 'household', registry_nos: [h.registryNo], id_numbers: [] },
      { operation: 'lookupPersons', registry_nos: [], id_numbers: ids },
    ]);
  });

  it('writes one row for a page, in the page’s own statement, naming what it handed out; an empty page writes none', async () => {
    const before = (await reads()).length;
    const page = await hub.gql<{ households: { edges: unknown[] } }>('P52', `{ households(first: 5) { edges { node { registryNo } } } }`);
    expect(page.body.data?.households.edges).toEqual([{ node: { registryNo: h.registryNo } }]);
    await hub.gql('P53', `{ households(first: 5) { edges { node { registryNo } } } }`);
    expect((await reads()).slice(before)).toEqual([{ operation: 'households', registry_nos: [h.registryNo], id_numbers: [] }]);
  });

  it('answers nothing when the audit row cannot be written', async () => {
    await sql(`alter table audit_log add constraint no_more_rows check (false) not valid`);
    try {
      const res = await hub.gql('P52', `query($r: String!) { household(registryNo: $r) { registryNo members { idNumber } } }`, { r: h.registryNo });
      expect(res.body.errors?.[0].extensions?.code).toBe('INTERNAL');
      expect(JSON.stringify(res.body)).not.toContain(h.registryNo);
      // A page whose own statement writes the audit row fails with it.
      const page = await hub.gql('P52', `{ households(first: 5) { edges { node { registryNo } } } }`);
      expect(page.body.errors?.[0].extensions?.code).toBe('INTERNAL');
      expect(JSON.stringify(page.body)).not.toContain(h.registryNo);
    } finally {
      await sql(`alter table audit_log drop constraint no_more_rows`);
    }
  });
});
