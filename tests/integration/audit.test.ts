import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { sealAuditChain } from '../../src/modules/audit/audit-chain.repository';
import { sealUntil } from '../support/audit-seal';
import { verifyAuditChain } from '../../src/modules/audit/audit-chain.verifier';
import { PUSH, householdInput } from '../support/push-fixtures';
import { TEST_SECRET, startTestHub, type TestHub } from '../support/test-hub';

const LOG = `query($f: AuditLogFilter) { auditLog(filter: $f, first: 50) { edges { node { id tenantCode operation requestId registryNos idNumbers } } } }`;
const HISTORY = `query($id: String!) { accessHistory(idNumber: $id, first: 50) { edges { node { tenantCode operation } } } }`;

type Entry = { id: string; tenantCode: string; operation: string; requestId: string | null; registryNos: string[]; idNumbers: string[] };

describe('audit of reads and writes, hash-chained', () => {
  let hub: TestHub;
  const h = householdInput('52', 1);
  const head = h.members[0].idNumber as string;
  const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => hub.db.orm.em.fork().getConnection().execute<T[]>(q, p);
  const entries = async (f: Record<string, unknown> = {}) => {
    const res = await hub.gql<{ auditLog: { edges: Array<{ node: Entry }> } }>('LGOP', LOG, { f });
    if (!res.body.data) throw new Error(JSON.stringify(res.body.errors));
    return res.body.data.auditLog.edges.map((e) => e.node);
  };

  beforeAll(async () => {
    hub = await startTestHub();
    await hub.gql('P52', PUSH, { key: 'audit-1', households: [h] });
    await hub.gql('P52', '{ households(first: 10) { edges { node { registryNo members { name } } } } }');
    await hub.gql('MCA', 'query($ids: [String!]!) { lookupPersons(idNumbers: $ids) { registered } }', { ids: [head.toLowerCase()] });
    await hub.gql('P53', '{ households(first: 10) { edges { node { registryNo } } } }');
  });
  afterAll(() => hub.close());

  it('records each read and write of personal data with tenant, operation, request id and what was handed out', async () => {
    const all = await entries();
    expect(all.map((e) => [e.tenantCode, e.operation])).toEqual([
      ['MCA', 'lookupPersons'],
      ['P52', 'households'],
      ['P52', 'pushHouseholds'],
    ]);
    expect(all[0]).toMatchObject({ idNumbers: [head], requestId: expect.stringMatching(/^test-/) });
    expect(all[1].registryNos).toEqual([h.registryNo]);
    expect((await entries({ tenantCode: 'P52', operation: 'households' })).map((e) => e.operation)).toEqual(['households']);
    expect((await entries({ registryNo: h.registryNo })).map((e) => e.operation)).toEqual(['households', 'pushHouseholds']);
  });

  it('tells LGOP who was given a person’s data, by ID number in any form, and no one else may ask', async () => {
    const res = await hub.gql<{ accessHistory: { edges: Array<{ node: { tenantCode: string; operation: string } }> } }>('LGOP', HISTORY, {
      id: ` ${head.slice(0, 6)}-${head.slice(6)} `,
    });
    expect(res.body.data?.accessHistory.edges.map((e) => `${e.node.tenantCode} ${e.node.operation}`)).toEqual([
      'MCA lookupPersons',
      'P52 households',
      'P52 pushHouseholds',
    ]);
    expect((await hub.gql('P52', HISTORY, { id: head })).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await hub.gql('LGOP', HISTORY, { id: '123' })).body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await hub.gql('MOE', LOG, {})).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses to change or delete audit rows', async () => {
    await expect(sql(`update audit_log set operation = 'x'`)).rejects.toThrow(/append-only/);
    await expect(sql(`delete from audit_log`)).rejects.toThrow(/append-only/);
    await expect(sql(`delete from audit_chain`)).rejects.toThrow(/append-only/);
  });

  it('keeps a hash chain, sealed after the requests, that names the first row changed or unlinked, also through npm run audit:verify', async () => {
    const [{ n }] = await sql<{ n: number }>(`select count(*)::int as n from audit_log`);
    expect(await verifyAuditChain(hub.db.orm.em.fork())).toMatchObject({ intact: true, rows: 0, unsealed: { rows: n } });
    expect(await sealUntil(() => sealAuditChain(hub.db.orm.em.fork()), n)).toBe(n);
    expect(await verifyAuditChain(hub.db.orm.em.fork())).toEqual({ intact: true, rows: n, unsealed: { rows: 0, oldestSeconds: 0 } });
    const verify = () =>
      spawnSync(process.execPath, [path.resolve(__dirname, '../../dist/src/cli/audit-verify.cli.js')], {
        env: { PATH: process.env.PATH, NODE_ENV: 'test', DATABASE_URL: hub.db.url, REDIS_URL: hub.redisUrl, TOKEN_SECRET: TEST_SECRET, LOG_LEVEL: 'silent' },
        encoding: 'utf8',
      });
    expect(verify()).toMatchObject({ status: 0, stdout: expect.stringMatching(/audit chain intact: \d+ rows \(0 sealed now\); unsealed tail: none/) });

    // Tampering as the tables' owner, who alone can switch the guard off: the chain still tells.
    const [second] = await sql<{ id: string }>(`select id::text from audit_log order by id offset 1 limit 1`);
    await sql(`alter table audit_log disable trigger audit_log_no_update_delete`);
    await sql(`update audit_log set registry_nos = '{}' where id = ?`, [second.id]);
    await sql(`alter table audit_log enable trigger audit_log_no_update_delete`);
    expect(await verifyAuditChain(hub.db.orm.em.fork())).toMatchObject({
      intact: false,
      auditId: Number(second.id),
      problem: 'the row was changed after it was written',
    });
    const broken = verify();
    expect(broken.status).toBe(1);
    expect(broken.stdout).toMatch(new RegExp(`broken at audit row ${second.id} .*changed after it was written`));
  });
});
