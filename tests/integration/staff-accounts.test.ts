import { runSql, sql } from '../../src/db/sql';
import { StaffRole } from '../../src/modules/staff-accounts/staff-account.enums';
import { STAFF_PASSWORD, StaffBrowser, createStaffUser } from '../support/staff-session';
import { startTestHub, type TestHub } from '../support/test-hub';

const TENANTS = `{ tenants { code } }`;
const MAX_FAILURES = 3;

/** Logins, sessions, CSRF and lockout over the real hub and database (console-interface.md). */
describe('staff accounts: login, session, CSRF, lockout', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ staffAccounts: { maxFailures: MAX_FAILURES, lockoutSeconds: 1, idleSeconds: 600, absoluteSeconds: 3600 } });
    await createStaffUser(hub.db.orm, 'LGOP', 'lgop.admin', StaffRole.ADMIN);
    await createStaffUser(hub.db.orm, 'P52', 'gz.locked', StaffRole.CLERK);
  });
  afterAll(() => hub.close());

  const backdate = (username: string, column: 'last_seen_at' | 'created_at', seconds: number) =>
    runSql(
      hub.db.orm.em.fork(),
      sql`update staff_sessions set ${sql.ident(column)} = now() - make_interval(secs => ${seconds}::int)
        where user_id = (select id from staff_users where username = ${username})`,
    );

  it('logs a person in with an HttpOnly SameSite=Strict cookie and answers who they are, never with a hash', async () => {
    const b = new StaffBrowser(hub.url);
    const res = await b.login('lgop', 'LGOP.Admin');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      user: { username: 'lgop.admin', displayName: 'Name of lgop.admin', role: 'ADMIN', tenant: { code: 'LGOP', kind: 'ADMIN' } },
      csrfToken: expect.any(String),
    });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('hub_session='))!;
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/Secure/);
    expect(JSON.stringify(res.body)).not.toMatch(/argon2/);
    const me = await b.request('GET', '/auth/me');
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ ...res.body, csrfToken: res.body.csrfToken });
    // The table keeps the SHA-256 of the cookie's token, never the token itself.
    const token = b.cookie!.split('=')[1];
    const [stored] = await runSql<{ n: number }>(
      hub.db.orm.em.fork(),
      sql`select count(*)::int as n from staff_sessions where token_hash = sha256(${token}::bytea)`,
    );
    expect(stored.n).toBe(1);
    const [hash] = await runSql<{ h: string }>(hub.db.orm.em.fork(), sql`select password_hash as h from staff_users where username = 'lgop.admin'`);
    expect(hash.h).toMatch(/^\$argon2id\$/);
  });

  it('answers a wrong password and an unknown user or tenant the same way', async () => {
    const wrong = await new StaffBrowser(hub.url).login('LGOP', 'lgop.admin', 'not the password at all');
    const unknown = await new StaffBrowser(hub.url).login('LGOP', 'nobody.here', 'not the password at all');
    const noTenant = await new StaffBrowser(hub.url).login('XX', 'lgop.admin', STAFF_PASSWORD);
    for (const r of [wrong, unknown, noTenant]) {
      expect(r.status).toBe(401);
      expect(r.headers.getSetCookie()).toEqual([]);
    }
    expect(unknown.body).toEqual(wrong.body);
    expect(noTenant.body).toEqual(wrong.body);
    expect(wrong.body.code).toBe('UNAUTHENTICATED');
    const empty = await new StaffBrowser(hub.url).request('POST', '/auth/login', { tenant: 'LGOP' });
    expect(empty.status).toBe(400);
  });

  it('takes the session cookie on /graphql, and refuses a POST without the CSRF header', async () => {
    const b = new StaffBrowser(hub.url);
    await b.login('LGOP', 'lgop.admin');
    const ok = await b.gql<{ tenants: unknown[] }>(TENANTS);
    expect(ok.status).toBe(200);
    expect(ok.body.data?.tenants.length).toBeGreaterThan(0);
    const none = await b.gql(TENANTS, {}, { csrf: null });
    expect(none.status).toBe(403);
    expect((none.body as Record<string, unknown>).code).toBe('CSRF');
    expect(none.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const wrong = await b.gql(TENANTS, {}, { csrf: `${b.csrfToken!.slice(0, -2)}xx` });
    expect(wrong.status).toBe(403);
    // Another session's token is no good either: it is per session.
    const other = new StaffBrowser(hub.url);
    await other.login('LGOP', 'lgop.admin');
    expect(other.csrfToken).not.toBe(b.csrfToken);
    expect((await b.gql(TENANTS, {}, { csrf: other.csrfToken })).status).toBe(403);
    // Machines keep their bearer tokens.
    expect((await hub.gql('LGOP', TENANTS)).status).toBe(200);
  });

  it('logs out only with the CSRF header, then the session is gone', async () => {
    const b = new StaffBrowser(hub.url);
    await b.login('LGOP', 'lgop.admin');
    const cookie = b.cookie;
    expect((await b.request('POST', '/auth/logout')).status).toBe(403);
    const out = await b.request('POST', '/auth/logout', undefined, { 'x-csrf-token': b.csrfToken! });
    expect(out.status).toBe(204);
    expect(b.cookie).toBeUndefined();
    b.cookie = cookie;
    const me = await b.request('GET', '/auth/me');
    expect(me.status).toBe(401);
    expect(me.body.code).toBe('UNAUTHENTICATED');
    expect((await b.gql(TENANTS)).status).toBe(401);
  });

  it('expires a session left idle, and one past its absolute lifetime however busy', async () => {
    const b = new StaffBrowser(hub.url);
    await b.login('LGOP', 'lgop.admin');
    await backdate('lgop.admin', 'last_seen_at', 601);
    const idle = await b.request('GET', '/auth/me');
    expect(idle.status).toBe(401);
    expect(idle.body.code).toBe('SESSION_EXPIRED');
    expect(b.cookie).toBeUndefined();
    await b.login('LGOP', 'lgop.admin');
    expect((await b.gql(TENANTS)).status).toBe(200);
    await backdate('lgop.admin', 'created_at', 3601);
    const old = await b.gql(TENANTS);
    expect(old.status).toBe(401);
    expect((old.body as Record<string, unknown>).code).toBe('SESSION_EXPIRED');
    expect(old.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('locks an account after repeated failures, even to the right password, and unlocks it when the lock runs out', async () => {
    const b = new StaffBrowser(hub.url);
    for (let i = 1; i < MAX_FAILURES; i++) expect((await b.login('P52', 'gz.locked', 'wrong password number')).status).toBe(401);
    const locking = await b.login('P52', 'gz.locked', 'wrong password number');
    expect(locking.status).toBe(423);
    expect(locking.body).toMatchObject({ code: 'ACCOUNT_LOCKED', retryAfterSeconds: 1 });
    const right = await b.login('P52', 'gz.locked');
    expect(right.status).toBe(423);
    expect(b.cookie).toBeUndefined();
    // The lock is one second (config); wait it out.
    await new Promise((r) => setTimeout(r, 1100));
    const after = await b.login('P52', 'gz.locked');
    expect(after.status).toBe(200);
    // A success starts the count again: one failure now does not lock.
    expect((await new StaffBrowser(hub.url).login('P52', 'gz.locked', 'wrong password number')).status).toBe(401);
  });
});
