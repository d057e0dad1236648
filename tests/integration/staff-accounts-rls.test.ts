import { createHash } from 'node:crypto';
import type { Client } from 'pg';
import { DbRole } from '../../src/db/db-roles';
import { StaffRole } from '../../src/modules/staff-accounts/staff-account.enums';
import { inScope, roleClient } from '../support/role-clients';
import { createStaffUser } from '../support/staff-session';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const P52 = { scope: 'PROVINCE', province: '52', tenant: 'P52' };
const P53 = { scope: 'PROVINCE', province: '53', tenant: 'P53' };

/** The database's own wall around people's accounts, with raw SQL as the hub's roles (migration 20261217000100). */
describe('staff accounts: row-level security', () => {
  let db: TestDatabase;
  let api: Client;
  let worker: Client;
  let gzId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    gzId = await createStaffUser(db.orm, 'P52', 'gz.clerk', StaffRole.CLERK);
    await createStaffUser(db.orm, 'P53', 'yn.clerk', StaffRole.CLERK);
    api = roleClient(db.url, DbRole.API);
    worker = roleClient(db.url, DbRole.WORKER);
    await Promise.all([api.connect(), worker.connect()]);
    // A session of gz.clerk, opened as the API opens one.
    await api.query(`select * from staff_session_open($1, $2, 600, 3600)`, [gzId, createHash('sha256').update('t').digest()]);
  });
  afterAll(async () => {
    await Promise.all([api?.end(), worker?.end()]);
    await db.drop();
  });

  it('forces row-level security on both tables', async () => {
    const rows = await db.orm.em
      .getConnection()
      .execute(`select relname, relrowsecurity, relforcerowsecurity from pg_class where relname in ('staff_users', 'staff_sessions') order by relname`);
    expect(rows).toEqual([
      { relname: 'staff_sessions', relrowsecurity: true, relforcerowsecurity: true },
      { relname: 'staff_users', relrowsecurity: true, relforcerowsecurity: true },
    ]);
  });

  it('shows the API role its own tenant’s users only, and none with no tenant set', async () => {
    expect(await inScope(api, P52, `select username from staff_users`)).toEqual([{ username: 'gz.clerk' }]);
    expect(await inScope(api, P53, `select username from staff_users`)).toEqual([{ username: 'yn.clerk' }]);
    expect(await inScope(api, P53, `select username from staff_users where username = 'gz.clerk'`)).toEqual([]);
    expect(await inScope(api, null, `select username from staff_users`)).toEqual([]);
  });

  it('shows the API role its own tenant’s sessions only', async () => {
    expect(await inScope(api, P52, `select count(*)::int as n from staff_sessions`)).toEqual([{ n: 1 }]);
    expect(await inScope(api, P53, `select count(*)::int as n from staff_sessions`)).toEqual([{ n: 0 }]);
    expect(await inScope(api, null, `select count(*)::int as n from staff_sessions`)).toEqual([{ n: 0 }]);
  });

  it('never lets the API role read a hash, write an account or a session itself', async () => {
    await expect(inScope(api, P52, `select password_hash from staff_users`)).rejects.toThrow(/permission denied/);
    await expect(inScope(api, P52, `update staff_users set role = 'ADMIN'`)).rejects.toThrow(/permission denied/);
    await expect(
      inScope(api, P52, `insert into staff_users (tenant_code, username, display_name, role, password_hash) values ('P52', 'evil', 'x', 'ADMIN', 'x')`),
    ).rejects.toThrow(/permission denied/);
    await expect(inScope(api, P52, `select token_hash from staff_sessions`)).rejects.toThrow(/permission denied/);
    await expect(inScope(api, P52, `insert into staff_sessions (token_hash, user_id, tenant_code) values ('\\x00', $1, 'P52')`, [gzId])).rejects.toThrow(
      /permission denied/,
    );
  });

  it('gives the worker role nothing of people’s accounts', async () => {
    await expect(inScope(worker, null, `select username from staff_users`)).rejects.toThrow(/permission denied/);
    await expect(inScope(worker, null, `select id from staff_sessions`)).rejects.toThrow(/permission denied/);
    await expect(inScope(worker, null, `select * from staff_login_lookup('P52', 'gz.clerk')`)).rejects.toThrow(/permission denied/);
  });

  it('lets the API role check a login through the definer function for the one account named, before any tenant is set', async () => {
    const found = await inScope<{ user_id: string; password_hash: string }>(api, null, `select * from staff_login_lookup('P52', 'gz.clerk')`);
    expect(found).toHaveLength(1);
    expect(found[0].user_id).toBe(gzId);
    expect(found[0].password_hash).toMatch(/^\$argon2id\$/);
    expect(await inScope(api, null, `select * from staff_login_lookup('P53', 'gz.clerk')`)).toEqual([]);
    const resumed = await inScope<{ username: string; expired: boolean }>(api, null, `select username, expired from staff_session_resume($1, 600, 3600)`, [
      createHash('sha256').update('t').digest(),
    ]);
    expect(resumed).toEqual([{ username: 'gz.clerk', expired: false }]);
  });
});
