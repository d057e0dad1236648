import type { Client } from 'pg';
import { DbRole } from '../../src/db/db-roles';
import { type RlsScope, inScope, roleClient } from '../support/role-clients';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * The database's own wall around webhooks, with raw SQL as the hub's roles:
 * the API manages its tenant's endpoints (LGOP all), reads its own deliveries
 * and attempts and the events meant for it, and writes none of those; events
 * enter only through webhook_emit; the worker reads and writes all.
 */
describe('webhook tables in the database (raw SQL as the owner and the hub roles)', () => {
  let db: TestDatabase;
  let api: Client;
  let worker: Client;
  const owner = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => db.orm.em.fork().getConnection().execute<T[]>(q, p);
  const asApi = <T extends object>(scope: RlsScope, q: string, p: unknown[] = []) => inScope<T>(api, scope, q, p);
  const P52: RlsScope = { scope: 'PROVINCE', province: '52', tenant: 'P52' };
  const P53: RlsScope = { scope: 'PROVINCE', province: '53', tenant: 'P53' };
  const MOE: RlsScope = { scope: 'MATCHED', tenant: 'MOE' };
  const LGOP: RlsScope = { scope: 'ALL', tenant: 'LGOP' };
  const tenants = async (scope: RlsScope, table: string) =>
    (await asApi<{ tenant_code: string }>(scope, `select tenant_code from ${table} order by tenant_code`)).map((r) => r.tenant_code);

  beforeAll(async () => {
    db = await createTestDatabase();
    for (const t of ['P52', 'P53', 'MOE']) {
      await owner(`insert into webhooks (tenant_code, url, events, secret) values (?, 'https://93.184.215.14/h', '{batch.completed}', 'whsec_x')`, [t]);
    }
    // One event for MOE and P52: both of their endpoints get a delivery (and P53's none).
    await owner(`select webhook_emit('[{"type":"batch.completed","audience":["MOE","P52"],"data":{"batchId":"b1"}}]'::jsonb)`);
    await owner(`insert into webhook_attempts (delivery_id, attempt_no, tenant_code, started_at, duration_ms, succeeded)
                 select id, 1, tenant_code, now(), 5, true from webhook_deliveries`);
    api = roleClient(db.url, DbRole.API);
    worker = roleClient(db.url, DbRole.WORKER);
    await Promise.all([api.connect(), worker.connect()]);
  });
  afterAll(async () => {
    await Promise.all([api?.end(), worker?.end()]);
    await db.drop();
  });

  it('enables and forces row-level security on the four tables', async () => {
    expect(
      await owner(
        `select relname, relrowsecurity, relforcerowsecurity from pg_class where relname in ('webhooks', 'webhook_events', 'webhook_deliveries', 'webhook_attempts') order by 1`,
      ),
    ).toEqual(
      ['webhook_attempts', 'webhook_deliveries', 'webhook_events', 'webhooks'].map((relname) => ({ relname, relrowsecurity: true, relforcerowsecurity: true })),
    );
  });

  it('webhooks: a tenant sees its own endpoints, LGOP and the worker all, no tenant none', async () => {
    expect(await tenants(P52, 'webhooks')).toEqual(['P52']);
    expect(await tenants(MOE, 'webhooks')).toEqual(['MOE']);
    expect(await tenants(LGOP, 'webhooks')).toEqual(['MOE', 'P52', 'P53']);
    expect(await tenants(null, 'webhooks')).toEqual([]);
    expect((await worker.query(`select count(*)::int as n from webhooks`)).rows[0].n).toBe(3);
  });

  it('webhooks: a tenant registers, changes and deletes only its own', async () => {
    const insert = (scope: RlsScope, tenant: string) =>
      asApi(scope, `insert into webhooks (tenant_code, url, events, secret) values ($1, 'https://93.184.215.14/h', '{batch.failed}', 'whsec_x')`, [tenant]);
    await expect(insert(P52, 'P52')).resolves.toEqual([]);
    await expect(insert(P52, 'P53')).rejects.toThrow(/row-level security/);
    expect(await asApi(P52, `update webhooks set enabled = false where tenant_code = 'P53' returning id`)).toEqual([]);
    expect(await asApi(P52, `delete from webhooks where tenant_code = 'P53' returning id`)).toEqual([]);
    expect(await asApi(P53, `delete from webhooks where tenant_code = 'P53' returning tenant_code`)).toEqual([{ tenant_code: 'P53' }]);
  });

  it('webhook_deliveries and webhook_attempts: a tenant reads its own, LGOP all, and the API writes none', async () => {
    for (const table of ['webhook_deliveries', 'webhook_attempts']) {
      expect(await tenants(P52, table)).toEqual(['P52']);
      expect(await tenants(MOE, table)).toEqual(['MOE']);
      expect(await tenants(P53, table)).toEqual([]);
      expect(await tenants(LGOP, table)).toEqual(['MOE', 'P52']);
      expect(await tenants(null, table)).toEqual([]);
      await expect(asApi(LGOP, `delete from ${table}`)).rejects.toThrow(/permission denied/);
      await expect(asApi(LGOP, `update ${table} set tenant_code = 'P53'`)).rejects.toThrow(/permission denied/);
    }
    expect((await worker.query(`select count(*)::int as n from webhook_attempts`)).rows[0].n).toBe(2);
  });

  it('webhook_events: readable by its audience and LGOP; written only through webhook_emit', async () => {
    const events = (scope: RlsScope) => asApi<{ type: string }>(scope, `select type from webhook_events`);
    expect(await events(MOE)).toHaveLength(1);
    expect(await events(P52)).toHaveLength(1);
    expect(await events(P53)).toEqual([]);
    expect(await events(LGOP)).toHaveLength(1);
    await expect(asApi(LGOP, `insert into webhook_events (type, audience, data) values ('batch.completed', '{P53}', '{}')`)).rejects.toThrow(
      /permission denied/,
    );
    // Through the function, a province's change reaches every endpoint that may receive it, whatever tenant owns it.
    const [{ n }] = await asApi<{ n: number }>(P52, `select webhook_emit('[{"type":"batch.completed","audience":["P52","MOE"],"data":{}}]'::jsonb) as n`);
    expect(n).toBe(2);
  });
});
