import { Client } from 'pg';
import { DbRole } from '../../src/db/db-roles';
import { sealAuditChain } from '../../src/modules/audit/audit-chain.repository';
import { verifyAuditChain } from '../../src/modules/audit/audit-chain.verifier';
import { sealUntil } from '../support/audit-seal';
import { roleClient } from '../support/role-clients';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/** Audit rows are inserted unlinked by the requests and sealed into the chain in batches. */
describe('audit chain sealed in batches', () => {
  let db: TestDatabase;
  const clients: Client[] = [];
  const connect = async (role: DbRole.API | DbRole.WORKER | null) => {
    const client = role ? roleClient(db.url, role) : new Client({ connectionString: db.url });
    await client.connect();
    clients.push(client);
    return client;
  };
  const audit = async (c: Client, operation: string) => {
    const { rows } = await c.query<{ id: string }>(
      `insert into audit_log (tenant_code, operation, registry_nos) values ('P52', $1, '{5201}') returning id::text`,
      [operation],
    );
    return Number(rows[0].id);
  };
  const chained = async () =>
    (await db.orm.em.fork().getConnection().execute<Array<{ audit_id: string }>>(`select audit_id::text from audit_chain order by seq`)).map((r) =>
      Number(r.audit_id),
    );
  const verify = () => verifyAuditChain(db.orm.em.fork());

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.end()));
    await db.drop();
  });

  it('lets audited writers commit while the chain is locked, in either order, and seals both in id order', async () => {
    const [a, b, sealer] = [await connect(DbRole.API), await connect(DbRole.API), await connect(DbRole.WORKER)];
    // A sealer holding the chain's lock for as long as it likes: the writers must not wait for it.
    await sealer.query('begin');
    await sealer.query(`select pg_advisory_xact_lock(hashtextextended('audit-chain', 0))`);
    for (const c of [a, b]) await c.query(`begin; set local lock_timeout = '2s'`);
    const first = await audit(a, 'first');
    const second = await audit(b, 'second');
    await b.query('commit');
    await a.query('commit');
    const held = await sealer.query<{ n: number }>(
      `select count(*)::int as n from pg_locks where locktype = 'advisory' and granted and pid = pg_backend_pid()`,
    );
    expect(held.rows[0].n).toBe(1);
    await sealer.query('rollback');

    expect(await chained()).toEqual([]);
    expect(await verify()).toMatchObject({ intact: true, rows: 0, unsealed: { rows: 2 } });
    // The worker's role seals, through the owner's function.
    expect(await sealUntil(async () => (await sealer.query<{ n: number }>(`select seal_audit_chain() as n`)).rows[0].n, 2)).toBe(2);
    expect(await chained()).toEqual([first, second]);
    expect(await verify()).toEqual({ intact: true, rows: 2, unsealed: { rows: 0, oldestSeconds: 0 } });
  });

  it('leaves the rows of a transaction younger than one still running for a later seal', async () => {
    const [older, younger] = [await connect(DbRole.API), await connect(DbRole.API)];
    await older.query('begin');
    const olderRow = await audit(older, 'older');
    const youngerRow = await audit(younger, 'younger');
    expect(await sealAuditChain(db.orm.em.fork())).toBe(0);
    expect(await verify()).toMatchObject({ intact: true, rows: 2, unsealed: { rows: 1, oldestSeconds: expect.any(Number) } });
    await older.query('commit');
    expect(await sealUntil(() => sealAuditChain(db.orm.em.fork()), 2)).toBe(2);
    expect((await chained()).slice(2)).toEqual([olderRow, youngerRow]);
    expect(await verify()).toEqual({ intact: true, rows: 4, unsealed: { rows: 0, oldestSeconds: 0 } });
  });

  it('tells a row changed after sealing, and a row slipped in below the last seal', async () => {
    const owner = await connect(null);
    const [{ id }] = (await owner.query<{ id: string }>(`select audit_id::text as id from audit_chain order by seq offset 1 limit 1`)).rows;
    await owner.query(`alter table audit_log disable trigger audit_log_no_update_delete`);
    await owner.query(`update audit_log set operation = 'changed' where id = $1`, [id]);
    expect(await verify()).toMatchObject({ intact: false, auditId: Number(id), problem: 'the row was changed after it was written' });
    await owner.query(`update audit_log set operation = 'second' where id = $1`, [id]);
    await owner.query(`alter table audit_log enable trigger audit_log_no_update_delete`);
    expect(await verify()).toMatchObject({ intact: true });

    // Stamped with an ended transaction's id, below the mark: no seal will link it, so it was inserted around the chain.
    const { rows } = await owner.query<{ id: string }>(
      `insert into audit_log (tenant_code, operation, xid) select 'P52', 'slipped', min(xid) from audit_log returning id::text`,
    );
    expect(await sealAuditChain(db.orm.em.fork())).toBe(0);
    expect(await verify()).toMatchObject({ intact: false, auditId: Number(rows[0].id), problem: 'the audit row is not in the chain (inserted around it)' });
  });
});
